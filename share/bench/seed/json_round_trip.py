"""The seed's JSON parsing: serializes and parses its configuration document 1,000 times.
Twin of json_round_trip() in host/bench/src/seed_workloads.cpp (Boost.JSON there). The two
serializers format differently, so the checksum holds what was parsed: the plugins seen over
all iterations and whether the last parse equals the original."""
import json

from seed_harness import report


def json_round_trip(iterations=1000):
    config = {
        "config": {
            "llm": {"model": "gpt-4", "temperature": 0.7},
            "validation": {"enabled": True, "strict": True},
            "plugins": ["plugin1", "plugin2", "plugin3"],
        }
    }
    plugins_seen = 0
    parsed = None
    for _ in range(iterations):
        text = json.dumps(config)
        parsed = json.loads(text)
        plugins_seen += len(parsed["config"]["plugins"])
    return f"{plugins_seen}:{'equal' if parsed == config else 'different'}"


if __name__ == "__main__":
    report(json_round_trip)
