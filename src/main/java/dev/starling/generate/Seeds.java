package dev.starling.generate;

/** Seed derivation: independent, reproducible streams from one user seed (SplitMix64's finalizer). */
final class Seeds {

    private Seeds() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed for stream {@code stream}, item {@code index} of the user seed. */
    static long derive(long seed, long stream, long index) {
        return mix(mix(seed ^ mix(stream * 0x9e3779b97f4a7c15L)) + index * 0x632be59bd9b4e019L);
    }

    /** A uniform double in [0, 1) for (stream, a, b), without a generator object. */
    static double uniform(long seed, long stream, long a, long b) {
        return (derive(seed, stream, a * 0x100000001b3L + b) >>> 11) * 0x1.0p-53;
    }
}
