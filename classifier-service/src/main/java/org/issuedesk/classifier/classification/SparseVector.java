package org.issuedesk.classifier.classification;

import java.util.Arrays;

/** Hashed features of one post: parallel arrays of indexes and values, built once, read many times. */
final class SparseVector {

    int size;
    int[] indexes = new int[64];
    float[] values = new float[64];

    void add(int index, float value) {
        if (size == indexes.length) {
            indexes = Arrays.copyOf(indexes, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        indexes[size] = index;
        values[size] = value;
        size++;
    }

    /** Scales the entries from {@code from} on to unit length, so long posts do not shout. */
    void normalize(int from) {
        double sum = 0;
        for (int i = from; i < size; i++) {
            sum += values[i] * values[i];
        }
        if (sum > 0) {
            float scale = (float) (1.0 / Math.sqrt(sum));
            for (int i = from; i < size; i++) {
                values[i] *= scale;
            }
        }
    }
}
