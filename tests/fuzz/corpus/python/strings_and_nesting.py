# -*- coding: utf-8 -*-
x = rb'\d+' + b"\x00" + r"""raw
multi""" + f"{a!r:>{width}} {'nested' + f'{b}'}"
y = [(lambda *a, **k: {**k, 'a': [*a]})(1, 2, k=3) for _ in range(3) if _ or not _]
class C(Base, metaclass=M):
    @decorator(arg=1)
    async def f(self, /, a: int = 0x_ff, *args, b=1e-3j, **kw) -> "C":
        async with ctx() as (p, q):
            yield await p @ q
    match x:
        case [1, *rest] if rest: pass
        case {"k": v, **others}: ...
s = 'unterminated
t = """also unterminated
