package ai.refinery.ensembles;

import org.apache.spark.ml.param.Param;

/** Params of {@link StackingClassifier} and its model. */
public interface StackingClassifierParams extends StackingParams {
  /** Which output of the base models feeds the meta-estimator. */
  enum StackMethod {
    /** Class probabilities (probabilityCol). */
    PROBABILITY,
    /** Raw scores (rawPredictionCol). */
    RAWPREDICTION,
    /** Predicted class (predictionCol). */
    PREDICTION
  }

  /** probability, rawprediction or prediction. */
  Param<String> stackMethod();

  /** The output column kind: probability, rawPrediction or prediction. */
  default String getStackMethod() {
    String v = (String) getOrDefault(stackMethod());
    return v.equals("rawprediction") ? "rawPrediction" : v;
  }
}
