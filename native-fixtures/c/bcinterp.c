/* bcinterp: a small stack-machine bytecode interpreter with switch dispatch
   (gcc emits a jump table: indirect jumps to aligned case labels). The
   bytecode counts the primes below N by trial division. */
#include <stdio.h>
#include "fixture.h"

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, DUP, DROP, INC, PRINT, HALT, NOP };

struct insn { unsigned char op; int arg; };

static int64_t run(const struct insn *code, int64_t *vars) {
  int64_t stack[64];
  int sp = 0, pc = 0;
  uint64_t steps = 0;
  for (;;) {
    const struct insn *i = &code[pc++];
    steps++;
    switch (i->op) {
      case PUSH: stack[sp++] = i->arg; break;
      case LOAD: stack[sp++] = vars[i->arg]; break;
      case STORE: vars[i->arg] = stack[--sp]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
      case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case JZ: if (stack[--sp] == 0) pc = i->arg; break;
      case JMP: pc = i->arg; break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case DROP: sp--; break;
      case INC: vars[i->arg]++; break;
      case PRINT: printf("value %lld\n", (long long)stack[--sp]); break;
      case HALT: return (int64_t)steps;
      case NOP: break;
    }
  }
}

int main(void) {
  long limit = read_param(300);
  /* vars: 0 n, 1 d, 2 count, 3 limit */
  static const struct insn program[] = {
    {PUSH, 2}, {STORE, 0},                         /* 0: n = 2 */
    {LOAD, 0}, {LOAD, 3}, {LT, 0}, {JZ, 28},       /* 2: while n < limit */
    {PUSH, 2}, {STORE, 1},                         /* 6: d = 2 */
    {LOAD, 1}, {LOAD, 1}, {MUL, 0}, {LOAD, 0},     /* 8: while d*d <= n  (!(n < d*d)) */
    {PUSH, 1}, {ADD, 0}, {LT, 0}, {JZ, 25},        /* 12: d*d < n+1 */
    {LOAD, 0}, {LOAD, 1}, {MOD, 0}, {JZ, 26},      /* 16: if n % d == 0: composite */
    {INC, 1}, {NOP, 0}, {JMP, 8}, {NOP, 0}, {NOP, 0},
    {INC, 2},                                       /* 25: prime: count++ */
    {INC, 0}, {JMP, 2},                             /* 26: n++ */
    {LOAD, 2}, {PRINT, 0}, {HALT, 0},               /* 28 */
  };
  int64_t vars[4] = {0, 0, 0, limit};
  int64_t steps = run(program, vars);
  printf("limit=%ld steps=%lld\n", limit, (long long)steps);
  return 0;
}
