// What the runtime counts as a secret of a configuration and how it is redacted
// (secrets.hpp), and the attempt log's search text that is never FTS syntax (attempt_log.hpp).
#include "secrets.hpp"

#include <evo/host/attempt_log.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <stdlib.h>

using evo::host::collect_environment_secrets;
using evo::host::collect_secrets;
using evo::host::redact_secrets;

TEST_CASE("secret keys of any case and depth are collected; short values are not", "[secrets]") {
    auto config = boost::json::parse(R"({
        "base_url": "http://127.0.0.1:8080/v1",
        "API_KEY": "sk-aaaaaaaaaaaa",
        "headers": {"X-Auth-Token": ["tok-bbbbbbbbbbb"], "accept": "application/json"},
        "db_password": "short",
        "max_tokens": 1024,
        "client_secret": "sssssssssssssssssssss"})");
    std::vector<std::string> secrets;
    collect_secrets(config, secrets);
    CHECK(std::find(secrets.begin(), secrets.end(), "sk-aaaaaaaaaaaa") != secrets.end());
    CHECK(std::find(secrets.begin(), secrets.end(), "tok-bbbbbbbbbbb") != secrets.end());
    CHECK(std::find(secrets.begin(), secrets.end(), "sssssssssssssssssssss") != secrets.end());
    CHECK(std::find(secrets.begin(), secrets.end(), "short") == secrets.end());
    CHECK(std::find(secrets.begin(), secrets.end(), "http://127.0.0.1:8080/v1") == secrets.end());
    CHECK(std::find(secrets.begin(), secrets.end(), "application/json") == secrets.end());
}

TEST_CASE("the values of secret-named environment variables are secrets", "[secrets]") {
    setenv("EVO_TEST_SECRETS_API_KEY", "from-the-environment-1", 1);
    setenv("EVO_TEST_PLAIN_VALUE", "not-a-secret-at-all", 1);
    std::vector<std::string> secrets;
    collect_environment_secrets(secrets);
    unsetenv("EVO_TEST_SECRETS_API_KEY");
    unsetenv("EVO_TEST_PLAIN_VALUE");
    CHECK(std::find(secrets.begin(), secrets.end(), "from-the-environment-1") != secrets.end());
    CHECK(std::find(secrets.begin(), secrets.end(), "not-a-secret-at-all") == secrets.end());
}

TEST_CASE("every occurrence is redacted, the longest secret first", "[secrets]") {
    std::vector<std::string> secrets;
    collect_secrets(boost::json::parse(R"({"token": "abcdefgh", "api_key": "abcdefgh-longer"})"),
                    secrets);
    CHECK(redact_secrets("Bearer abcdefgh-longer, again abcdefgh-longer; and abcdefgh.", secrets) ==
          "Bearer [redacted], again [redacted]; and [redacted].");
    CHECK(redact_secrets("nothing here", secrets) == "nothing here");
}

TEST_CASE("search text becomes quoted phrases, all required", "[log]") {
    using evo::host::fts_all_words;
    CHECK(fts_all_words("parse dates") == "\"parse\" \"dates\"");
    CHECK(fts_all_words("  \t ") == "");
    CHECK(fts_all_words("say \"hi\"") == "\"say\" \"\"\"hi\"\"\"");
    CHECK(fts_all_words("AND OR *") == "\"AND\" \"OR\" \"*\"");
}
