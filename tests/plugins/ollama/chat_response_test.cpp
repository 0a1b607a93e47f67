#include "chat_response.hpp"

#include <catch2/catch.hpp>

using ollama::answer_decoder;

TEST_CASE("text lines then a done line give the text, usage and model", "[ollama]") {
    answer_decoder decoder;
    CHECK(
        decoder
            .take(
                R"({"model":"llama3","message":{"role":"assistant","content":"def"},"done":false})")
            .text == "def");
    CHECK_FALSE(decoder.done());
    auto last = decoder.take(R"({"model":"llama3","message":{"role":"assistant","content":""},
        "done":true,"done_reason":"stop","prompt_eval_count":26,"eval_count":9})");
    CHECK(last.text.empty());
    CHECK(decoder.done());
    CHECK(decoder.facts().prompt_tokens == 26);
    CHECK(decoder.facts().completion_tokens == 9);
    CHECK(decoder.facts().model == "llama3");
    CHECK_FALSE(decoder.facts().truncated);
    CHECK(decoder.prompt_eval_count() == 26u);
}

TEST_CASE("done_reason length is truncated", "[ollama]") {
    answer_decoder decoder;
    decoder.take(R"({"message":{"content":"x"},"done":true,"done_reason":"length"})");
    CHECK(decoder.facts().truncated);
}

TEST_CASE("an error line is an error, never text", "[ollama]") {
    answer_decoder decoder;
    auto line = decoder.take(R"({"error":"model runner has unexpectedly stopped"})");
    CHECK(line.text.empty());
    CHECK(line.error == "model runner has unexpectedly stopped");
}

TEST_CASE("malformed lines are protocol errors", "[ollama]") {
    for (const char* bad : {R"({"message":{"content": )", "[1]", R"({"message":{"content":"x"}})",
                            R"({"message":{"content":5},"done":false})"}) {
        answer_decoder decoder;
        try {
            decoder.take(bad);
            FAIL(bad);
        } catch (const evo::error& e) {
            CHECK(e.status() == EVO_ERR_PROTOCOL);
        }
    }
}

TEST_CASE("error_detail reads Ollama's error object", "[ollama]") {
    CHECK(ollama::error_detail(R"({"error":"model \"x\" not found, try pulling it first"})") ==
          "model \"x\" not found, try pulling it first");
    CHECK(ollama::error_detail("<html>\nbad gateway") == "<html>\\nbad gateway");
}
