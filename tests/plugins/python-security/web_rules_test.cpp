// Web frameworks and templates: Flask's debugger, Jinja2 and Mako escaping, mark_safe and
// Markup on values that are not literals.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("a Flask app run with debug=True", "[web]") {
    CHECK(lines_of(R"py(
from flask import Flask
app = Flask(__name__)
app.run(host="127.0.0.1", debug=True)
app.run(debug=False)
app.run(debug=os.environ.get("DEBUG") == "1")
)py",
                   "PY-FLASK-DEBUG") == lines{3});
    CHECK_FALSE(reports("runner.run(debug=True)\n", "PY-FLASK-DEBUG"));
}

TEST_CASE("Jinja2 environments without autoescaping", "[web][templates]") {
    auto code = R"py(
import jinja2
from jinja2 import Environment, select_autoescape
env = jinja2.Environment(loader=loader)
env = Environment(loader=loader, autoescape=False)
env = Environment(loader=loader, autoescape=settings.escape)
env = Environment(loader=loader, autoescape=True)
env = Environment(loader=loader, autoescape=select_autoescape(["html", "xml"]))
env = Environment(**options)
)py";
    CHECK(lines_of(code, "PY-JINJA2-AUTOESCAPE") == lines{3, 4, 5});
    auto found = with_rule(findings_in(code), "PY-JINJA2-AUTOESCAPE");
    CHECK(found[0].confidence == EVO_SEVERITY_HIGH);
    CHECK(found[2].confidence == EVO_SEVERITY_MEDIUM);
}

TEST_CASE("Mako templates", "[web][templates]") {
    CHECK(lines_of(R"py(
from mako.template import Template
page = Template("hello ${name}")
page = string.Template("hello $name")
)py",
                   "PY-MAKO-TEMPLATE") == lines{2});
}

TEST_CASE("mark_safe and SafeString on values that are not literals", "[web]") {
    auto code = R"py(
from django.utils.safestring import mark_safe, SafeString
html = mark_safe(user_bio)
html = SafeString(f"<b>{name}</b>")
html = mark_safe("<br>")
html = SafeString("<hr>")
)py";
    CHECK(lines_of(code, "PY-DJANGO-XSS") == lines{2, 3});
    CHECK(lines_of(code, "PY-MARK-SAFE") == lines{2, 4});
}

TEST_CASE("Markup on values that are not literals", "[web]") {
    CHECK(lines_of(R"py(
from markupsafe import Markup, escape
import flask
html = Markup(value)
html = flask.Markup("<b>%s</b>" % name)
html = Markup("<b>{}</b>").format(name)
html = Markup(escape(value))
html = Markup()
)py",
                   "PY-MARKUP-XSS") == lines{3, 4, 6});
}
