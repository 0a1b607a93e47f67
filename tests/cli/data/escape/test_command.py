import subprocess
import sys


def test_every_attempt_reports_a_line():
    result = subprocess.run([sys.executable, "command.py"], capture_output=True, text=True, check=True)
    assert "read /etc/shadow: " in result.stdout
    assert "writes its work directory: written" in result.stdout
