package org.issuedesk.classifier.classification;

import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression over hashed sparse features, trained with AdaGrad and L2. Small
 * (a few hundred examples train in well under a second) and deterministic (seeded shuffles), so the
 * same examples always give the same model. Immutable once trained: read by any number of threads.
 */
final class SoftmaxModel {

    /**
     * @param offsets fixed per-class additions to the scores (a prior the model learns around), or null
     */
    record Example(SparseVector x, double[] offsets, int label, float weight) {
    }

    private final int classes;
    private final int dimension;
    private final float[][] weights;

    private SoftmaxModel(int classes, int dimension) {
        this.classes = classes;
        this.dimension = dimension;
        this.weights = new float[classes][dimension];
    }

    static SoftmaxModel train(List<Example> examples, int classes, int dimension, int epochs, double rate, double l2) {
        SoftmaxModel model = new SoftmaxModel(classes, dimension);
        float[][] history = new float[classes][dimension];
        Example[] order = examples.toArray(Example[]::new);
        Random random = new Random(42);
        double[] p = new double[classes];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Example t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (Example example : order) {
                model.probabilities(example.x(), example.offsets(), p);
                SparseVector x = example.x();
                for (int c = 0; c < classes; c++) {
                    double error = ((c == example.label() ? 1.0 : 0.0) - p[c]) * example.weight();
                    float[] w = model.weights[c];
                    float[] h = history[c];
                    for (int k = 0; k < x.size; k++) {
                        int index = x.indexes[k];
                        double g = error * x.values[k] - l2 * w[index];
                        h[index] += (float) (g * g);
                        w[index] += (float) (rate * g / (Math.sqrt(h[index]) + 1e-6));
                    }
                }
            }
        }
        return model;
    }

    int classes() {
        return classes;
    }

    /** Fills {@code out} with the probability of each class. */
    void probabilities(SparseVector x, double[] offsets, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            float[] w = weights[c];
            double s = 0;
            for (int k = 0; k < x.size; k++) {
                s += w[x.indexes[k]] * x.values[k];
            }
            out[c] = offsets == null ? s : s + offsets[c];
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < classes; c++) {
            out[c] /= sum;
        }
    }

    /** The weight of one feature for one class: what a feature says, for evidence. */
    float weight(int c, int index) {
        return weights[c][index & (dimension - 1)];
    }
}
