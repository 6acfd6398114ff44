"""The compact Hanoi task the tiny model learns: the same strategy and answer format as the
`hanoi` domain (src/engine/chain/hanoi.ts), with a one-line prompt a 1 M-parameter model can hold.

prompt:  n=6 prev=[1, 0, 2] state=[[6, 5, 4, 3], [2], [1]]
answer:  move = [3, 0, 1]
         next_state = [[6, 5, 4], [3, 2], [1]]
"""
import random


def initial(n):
    return [list(range(n, 0, -1)), [], []]


def state_key(pegs):
    return "[" + ", ".join("[" + ", ".join(str(d) for d in p) + "]" for p in pegs) + "]"


def move_key(m):
    return "[" + ", ".join(str(x) for x in m) + "]"


def strategy_move(pegs, prev, n):
    """Disk 1 moves one peg in its direction unless it just moved; else the only other legal move."""
    step = 1 if n % 2 == 0 else 2
    if prev is None or prev[0] != 1:
        src = next(i for i, p in enumerate(pegs) if p and p[-1] == 1)
        return [1, src, (src + step) % 3]
    for src in range(3):
        if not pegs[src] or pegs[src][-1] == 1:
            continue
        disk = pegs[src][-1]
        for dst in range(3):
            if dst != src and (not pegs[dst] or pegs[dst][-1] > disk):
                return [disk, src, dst]
    raise ValueError("no legal move")


def apply(pegs, m):
    nxt = [p[:] for p in pegs]
    nxt[m[1]].pop()
    nxt[m[2]].append(m[0])
    return nxt


def prompt(n, pegs, prev):
    return f"n={n} prev={'None' if prev is None else move_key(prev)} state={state_key(pegs)}\n"


def answer(pegs, m):
    return f"move = {move_key(m)}\nnext_state = {state_key(apply(pegs, m))}\n"


def trajectory(n):
    """Every (pegs, prev) the solver meets on the way, in order."""
    pegs, prev, out = initial(n), None, []
    for _ in range(2 ** n - 1):
        out.append((pegs, prev))
        m = strategy_move(pegs, prev, n)
        pegs, prev = apply(pegs, m), m
    return out


def sample(rng: random.Random, disk_weights):
    """One (prompt, answer) pair: a disk count drawn by weight, then a uniformly random step of its solution."""
    n = rng.choices(list(disk_weights), weights=list(disk_weights.values()))[0]
    pegs, prev = _random_step(rng, n)
    m = strategy_move(pegs, prev, n)
    return prompt(n, pegs, prev), answer(pegs, m)


def _random_step(rng, n):
    # Walk to a random step without materializing 2^n states: the state after t steps of the
    # optimal solution, built from t's binary digits (each disk's position is determined by t).
    total = 2 ** n - 1
    t = rng.randrange(total)
    return state_at(n, t), (move_at(n, t - 1) if t > 0 else None)


def state_at(n, t):
    pegs = [[], [], []]
    # Disk d (1-based) has moved floor((t + 2^(d-1)) / 2^d) times; it moves one way round,
    # direction depending on the parities of n and d.
    for d in range(n, 0, -1):
        moves = (t + (1 << (d - 1))) >> d
        step = 1 if (n - d) % 2 == 1 else 2
        pegs[(moves * step) % 3].append(d)
    return pegs


def move_at(n, t):
    """The move made at step t (0-based)."""
    before, after = state_at(n, t), state_at(n, t + 1)
    for src in range(3):
        if len(after[src]) < len(before[src]):
            disk = before[src][-1]
            dst = next(i for i in range(3) if len(after[i]) > len(before[i]))
            return [disk, src, dst]
    raise ValueError("no move")
