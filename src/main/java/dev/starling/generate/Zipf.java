package dev.starling.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Zipf-like popularity over {@code n} items: rank k (0-based) is drawn with weight 1/(k+1+q)^s (Zipf-Mandelbrot;
 * q > 0 flattens the very top, so the first item does not take a tenth of everything). Ranks map to items
 * through a seeded permutation, so the popular items are scattered over the index range. The table takes one
 * double and one int per item; a draw is a binary search.
 */
final class Zipf {

    private final double[] cumulative;
    private final int[] itemOfRank;

    Zipf(int n, double exponent, SplittableRandom rng) {
        this(n, exponent, 0, rng);
    }

    Zipf(int n, double exponent, double offset, SplittableRandom rng) {
        cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / StrictMath.pow(k + 1 + offset, exponent);
            cumulative[k] = sum;
        }
        itemOfRank = new int[n];
        for (int i = 0; i < n; i++) {
            itemOfRank[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = itemOfRank[i];
            itemOfRank[i] = itemOfRank[j];
            itemOfRank[j] = t;
        }
    }

    int draw(SplittableRandom rng) {
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, u);
        int rank = i >= 0 ? i + 1 : -i - 1;
        return itemOfRank[Math.min(rank, itemOfRank.length - 1)];
    }
}
