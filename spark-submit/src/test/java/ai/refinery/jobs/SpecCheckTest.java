package ai.refinery.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec checks that need no Spark: run folders on object stores, misspelled names. */
class SpecCheckTest {
  private static JobSpec spec(String yaml) {
    return SpecLoader.parse(
        "name: t\ninput: {table: 's3a://bucket/tables/t'}\nlabel: label\n" + yaml,
        false,
        List.of(),
        "test");
  }

  private static String refused(JobSpec spec, String job) {
    return assertThrows(IllegalArgumentException.class, () -> SpecCheck.check(spec, job))
        .getMessage();
  }

  @Test
  void aRunFolderOnAnObjectStoreIsRefusedAndInsideTheInputFirst() {
    String est = "estimator: {type: logistic-regression}\n";
    assertEquals(
        "Key 'output.dir' is 's3://bucket//tables/t/run', inside the input's folder"
            + " ('s3a://bucket/tables/t', input.table); the job would write into its input."
            + " Choose a folder outside it.",
        refused(spec(est + "output: {dir: 's3://bucket//tables/t/run'}"), "train"));
    String m = refused(spec(est + "output: {dir: 's3a://bucket/runs/t'}"), "train");
    assertTrue(
        m.startsWith(
            "Key 'output.dir' is 's3a://bucket/runs/t'; the run folder (its log, manifest.json"
                + " and report.html) must be a local folder."),
        m);
    assertTrue(JobRun.isRemote("s3a://b/x") && JobRun.isRemote("hdfs:///x"));
    assertTrue(!JobRun.isRemote("file:/tmp/x") && !JobRun.isRemote("runs/x"));
    assertTrue(!JobRun.runLocation(spec(est + "output: {dir: runs/x}")).contains(":"));
  }

  @Test
  void aMisspelledXGBoostSpaceNameNamesTheEntryTheValueAndTheClosestParam() {
    String xgb =
        "folds: {numFolds: 2}\nestimator: {type: xgboost-classifier, params: {numRound: 3}}\n"
            + "output: {dir: runs/t}\n";
    String m =
        refused(
            spec(
                xgb
                    + "tuning: {maxTrials: 2, space: [{name: max_dpeth, type: integer, min: 2, max:"
                    + " 3}]}"),
            "tune");
    assertTrue(
        m.startsWith(
            "Key 'tuning.space[0]' (name max_dpeth): Range 'max_dpeth': unknown param"
                + " 'max_dpeth' on RefineryXGBoostClassifier ("),
        m);
    assertTrue(m.contains("XGBoost's: ") && m.contains(", max_depth, "), m);
    assertTrue(m.contains(" and the XGBoost estimator it wraps. Did you mean 'max_depth'? Its"), m);

    String nested =
        refused(
            spec(
                xgb
                    + "tuning: {maxTrials: 2, space: [{name: xgboost.max_dpeth, type: integer,"
                    + " min: 2, max: 3}]}"),
            "tune");
    assertTrue(
        nested.startsWith(
            "Key 'tuning.space[0]' (name xgboost.max_dpeth): Range 'xgboost.max_dpeth': unknown"
                + " param 'max_dpeth' on XGBoostClassifier"),
        nested);
    assertTrue(nested.contains(". Did you mean 'max_depth'? Its params: ["), nested);
  }

  @Test
  void aMisspelledEstimatorParamSuggestsTheClosest() {
    String m =
        refused(
            spec(
                "estimator: {type: xgboost-classifier, params: {numRounds: 3}}\n"
                    + "output: {dir: runs/t}\n"),
            "train");
    assertTrue(m.startsWith("Unknown param 'numRounds' (estimator.params.numRounds)"), m);
    assertTrue(m.endsWith(" Did you mean 'numRound'?"), m);
    String lr =
        refused(
            spec(
                "estimator: {type: logistic-regression, params: {maxIters: 5}}\n"
                    + "output: {dir: runs/t}\n"),
            "train");
    assertTrue(lr.endsWith(" Did you mean 'maxIter'?"), lr);
  }
}
