// SQL assembled from strings.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("SQL built with %, format, f-strings or +", "[sql]") {
    CHECK(lines_of(R"py(
cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
cursor.execute("DELETE FROM sessions WHERE id = {}".format(session_id))
cursor.execute(f"UPDATE users SET email = '{email}' WHERE id = {uid}")
cursor.execute("INSERT INTO log (line) VALUES ('" + line + "')")
query = ("SELECT name "
         f"FROM {table} "
         "WHERE id = 1")
sql = "select * from t where a = " + str(a)
)py",
                   "PY-SQL-STRING") == lines{1, 2, 3, 4, 5, 8});
}

TEST_CASE("parameterized and constant SQL is fine", "[sql]") {
    CHECK(lines_of(R"py(
cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
cursor.execute("SELECT 1 WHERE x=?", (value,))
cursor.executemany("INSERT INTO t VALUES (?, ?)", rows)
query = "SELECT * " + "FROM users"
message = "Please update the set of options: %s" % options
print(f"updated {count} rows")
"""SELECT * FROM users WHERE name = '%s'"""
)py",
                   "PY-SQL-STRING")
              .empty());
}

TEST_CASE("confidence is higher when the string goes straight to execute", "[sql]") {
    auto findings = with_rule(findings_in(R"py(
cursor.execute("SELECT * FROM t WHERE a = %s" % a)
query = "SELECT * FROM t WHERE a = %s" % a
)py"),
                              "PY-SQL-STRING");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].confidence == EVO_SEVERITY_MEDIUM);
    CHECK(findings[1].confidence == EVO_SEVERITY_LOW);
}
