package ai.refinery.ensembles;

import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.classification.ClassificationModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

/**
 * One row's meta-features for Spark's single-vector {@code predict}/{@code predictRaw} on fitted
 * stacking models: the same vector {@link StackingFit#metaFeatures} builds for a dataset.
 */
final class StackingRows {
  private StackingRows() {}

  @SuppressWarnings("unchecked")
  static Vector metaVector(
      StackingFit.Result fitted, String method, boolean passthrough, Vector x) {
    List<Model<?>> bases = fitted.bases();
    int numClasses = fitted.numClasses();
    double[] out = new double[0];
    for (int b = 0; b < bases.size(); b++) {
      Model<?> m = bases.get(b) instanceof RefineryXGBoostModel r ? r.xgboostModel() : bases.get(b);
      double[] part;
      if (method.equals("prediction") && m instanceof PredictionModel<?, ?> pm) {
        part = new double[] {((PredictionModel<Vector, ?>) pm).predict(x)};
      } else if (method.equals("rawPrediction") && m instanceof ClassificationModel<?, ?> cm) {
        part = ((ClassificationModel<Vector, ?>) cm).predictRaw(x).toArray();
      } else if (method.equals("probability")
          && m instanceof ProbabilisticClassificationModel<?, ?> pm) {
        part = ((ProbabilisticClassificationModel<Vector, ?>) pm).predictProbability(x).toArray();
      } else {
        throw new UnsupportedOperationException(
            String.format(
                "base model %d (%s) cannot score a single vector for stackMethod '%s'; use"
                    + " transform on a dataset.",
                b + 1, m.getClass().getSimpleName(), method));
      }
      if (numClasses == 2 && !method.equals("prediction") && part.length == 2) {
        part = new double[] {part[1]};
      }
      out = concat(out, part);
    }
    return Vectors.dense(passthrough ? concat(out, x.toArray()) : out);
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
