// Types for seedrandom's alea generator imported on its own (the package's types cover only its entry).
declare module 'seedrandom/lib/alea.js' {
  /** A seeded alea generator: numbers in [0, 1), and int32(). */
  export default function alea(seed?: string): { (): number; int32(): number; double(): number; quick(): number };
}
