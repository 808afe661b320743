package org.issuedesk.classifier.evaluation;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Accuracy, per-class precision/recall/F1 and macro-F1 of predictions against gold labels. */
public record Metrics(double accuracy, double macroF1, List<PerClass> classes) {

    public record PerClass(String label, int support, double precision, double recall, double f1) {
    }

    public static Metrics of(List<String> gold, List<String> predicted) {
        TreeSet<String> labels = new TreeSet<>(gold);
        labels.addAll(predicted);
        int correct = 0;
        for (int i = 0; i < gold.size(); i++) {
            if (gold.get(i).equals(predicted.get(i))) {
                correct++;
            }
        }
        List<PerClass> perClass = new java.util.ArrayList<>();
        double f1Sum = 0;
        int counted = 0;
        for (String label : labels) {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < gold.size(); i++) {
                boolean g = gold.get(i).equals(label), p = predicted.get(i).equals(label);
                if (g && p) tp++;
                else if (p) fp++;
                else if (g) fn++;
            }
            double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new PerClass(label, tp + fn, precision, recall, f1));
            if (tp + fn > 0) { // a class that never occurs in the gold labels is not averaged
                f1Sum += f1;
                counted++;
            }
        }
        return new Metrics(gold.isEmpty() ? 0 : (double) correct / gold.size(), counted == 0 ? 0 : f1Sum / counted,
                List.copyOf(perClass));
    }

    public void print(PrintStream out, String title) {
        out.printf(Locale.ROOT, "%s: accuracy %.3f, macro-F1 %.3f%n", title, accuracy, macroF1);
        out.printf(Locale.ROOT, "  %-22s %7s %9s %7s %6s%n", "class", "support", "precision", "recall", "F1");
        for (PerClass c : classes) {
            out.printf(Locale.ROOT, "  %-22s %7d %9.3f %7.3f %6.3f%n", c.label(), c.support(), c.precision(), c.recall(), c.f1());
        }
    }
}
