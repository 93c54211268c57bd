package ai.refinery.estimators.feature;

import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.params.ParamSpecs;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * Creates the featurizer params for one owner (estimator or model) and sets their defaults; the
 * owner hands it to {@link FeaturizerParams}, whose accessors read the params from it.
 */
public final class FeaturizerParamSet implements java.io.Serializable {
  final StringArrayParam inputCols;
  final Param<String> outputCol;
  final StringArrayParam categoricalCols;
  final StringArrayParam excludeCols;
  final Param<String> imputeStrategy;
  final IntParam maxCategories;
  final BooleanParam addMissingIndicators;

  FeaturizerParamSet(Params owner) {
    inputCols = ParamSpecs.inputCols(owner);
    outputCol = ParamSpecs.outputCol(owner);
    categoricalCols =
        new StringArrayParam(
            owner,
            "categoricalCols",
            "columns treated as categorical; when not set, string and boolean columns are categorical"
                + " and every other input column must be numeric");
    excludeCols =
        new StringArrayParam(
            owner,
            "excludeCols",
            "columns never used as features when inputCols is empty (label, ids, groups, folds)");
    imputeStrategy =
        ParamSpecs.enumParam(
            owner,
            "imputeStrategy",
            "how a missing numeric value (null or NaN) is filled",
            FeaturizerParams.Impute.class);
    maxCategories =
        new IntParam(
            owner,
            "maxCategories",
            "most frequent levels kept per categorical column; rarer and unseen levels encode as all"
                + " zeros (>= 1)",
            ParamCheck.atLeast("maxCategories", 1));
    addMissingIndicators =
        new BooleanParam(
            owner,
            "addMissingIndicators",
            "add a 0/1 feature '<col>_missing' for numeric columns that had missing values at fit time");
    owner.setDefault(inputCols, new String[0]);
    owner.setDefault(outputCol, "features");
    owner.setDefault(excludeCols, new String[] {"label", "fold"});
    owner.setDefault(imputeStrategy, "median");
    owner.setDefault(maxCategories, 64);
    owner.setDefault(addMissingIndicators, true);
  }
}
