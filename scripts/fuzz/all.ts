/** Every fuzzer `npm run fuzz` runs, in order. */
import { fuzzer as cli } from './cli';
import { fuzzer as hover } from './hover';
import { fuzzer as messages } from './messages';
import { fuzzer as parser } from './parser';
import type { Fuzzer } from './types';

export const FUZZERS: Fuzzer[] = [parser, cli, messages, hover];
