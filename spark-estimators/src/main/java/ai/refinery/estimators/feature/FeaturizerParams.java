package ai.refinery.estimators.feature;

import ai.refinery.estimators.params.HasInputCols;
import ai.refinery.estimators.params.HasOutputCol;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;

/** Params shared by {@link TabularFeaturizer} and {@link TabularFeaturizerModel}. */
public interface FeaturizerParams extends HasInputCols, HasOutputCol {
  /** How a missing numeric value (null or NaN) is filled. */
  enum Impute {
    MEDIAN,
    MEAN
  }

  /** This stage's param objects, created once per instance. */
  FeaturizerParamSet featurizerParamSet();

  @Override
  default StringArrayParam inputCols() {
    return featurizerParamSet().inputCols;
  }

  @Override
  default Param<String> outputCol() {
    return featurizerParamSet().outputCol;
  }

  /**
   * Columns treated as categorical. When not set, string and boolean columns are categorical and
   * numeric columns numeric; when set, every other input column must be numeric.
   */
  default StringArrayParam categoricalCols() {
    return featurizerParamSet().categoricalCols;
  }

  /** Columns never used as features when inputCols is empty (the label, ids, groups, folds). */
  default StringArrayParam excludeCols() {
    return featurizerParamSet().excludeCols;
  }

  /** median or mean. */
  default Param<String> imputeStrategy() {
    return featurizerParamSet().imputeStrategy;
  }

  /** Most frequent levels kept per categorical column. */
  default IntParam maxCategories() {
    return featurizerParamSet().maxCategories;
  }

  /**
   * Whether numeric columns with missing values at fit time get a 0/1 missing-indicator feature.
   */
  default BooleanParam addMissingIndicators() {
    return featurizerParamSet().addMissingIndicators;
  }

  default String[] getCategoricalCols() {
    return (String[]) getOrDefault(categoricalCols());
  }

  default String[] getExcludeCols() {
    return (String[]) getOrDefault(excludeCols());
  }

  default String getImputeStrategy() {
    return (String) getOrDefault(imputeStrategy());
  }

  default int getMaxCategories() {
    return (Integer) getOrDefault(maxCategories());
  }

  default boolean getAddMissingIndicators() {
    return (Boolean) getOrDefault(addMissingIndicators());
  }
}
