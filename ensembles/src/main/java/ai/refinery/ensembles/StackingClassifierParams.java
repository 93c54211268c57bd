package ai.refinery.ensembles;

import org.apache.spark.ml.param.Param;

/** Params of {@link StackingClassifier} and its model. */
public interface StackingClassifierParams extends StackingParams {
  /** Which output of the base models feeds the meta-estimator. */
  enum StackMethod {
    /** Class probabilities (probabilityCol): {@code "probability"}. */
    PROBABILITY,
    /** Raw scores (rawPredictionCol): {@code "rawPrediction"}. */
    RAWPREDICTION,
    /** Predicted class (predictionCol): {@code "prediction"}. */
    PREDICTION
  }

  /**
   * probability, rawPrediction or prediction: the output column kind of the base models that feeds
   * the meta-estimator ({@code "rawprediction"}, the old spelling, is still read).
   */
  default Param<String> stackMethod() {
    return stackingParams().stackMethod;
  }

  /** The output column kind: probability, rawPrediction or prediction. */
  default String getStackMethod() {
    String v = (String) getOrDefault(stackMethod());
    return v.equals(EnsembleParamSpecs.OLD_RAW_PREDICTION) ? "rawPrediction" : v;
  }
}
