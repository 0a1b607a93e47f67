import os, pickle, subprocess as sp, yaml
from ssl import _create_unverified_context as ctx
import requests

PASSWORD = "hunter2"

def run(cmd, data, *, password="secret"):
    sp.call(cmd, shell=True)
    os.system(f"echo {cmd!r} > /tmp/out")
    obj = pickle.loads(data)  # nosec
    getattr(__import__("os"), "sys" + "tem")("ls")
    eval(compile("1+1", "<s>", "eval"))
    yaml.load(open("x.yml"))
    requests.get("https://example.com", verify=False)
    cur.execute("SELECT * FROM t WHERE id = %s" % data)
    return obj  # evo: ignore[PY-EXEC]
