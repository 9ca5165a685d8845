// Minimal typings of the two peer samplers (CommonJS, untyped): only what the bench calls.
declare module 'poisson-disk-sampling' {
  interface Options {
    shape: number[];
    minDistance: number;
    maxDistance?: number;
    tries?: number;
    distanceFunction?: (point: number[]) => number;
    bias?: number;
  }
  class PoissonDiskSampling {
    constructor(options: Options, rng?: () => number);
    fill(): number[][];
  }
  export = PoissonDiskSampling;
}

declare module 'fast-2d-poisson-disk-sampling' {
  interface Options {
    shape: [number, number];
    radius: number;
    tries?: number;
  }
  class FastPoissonDiskSampling {
    constructor(options: Options, rng?: () => number);
    fill(): number[][];
  }
  export = FastPoissonDiskSampling;
}
