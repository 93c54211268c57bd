package ai.refinery.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecLoaderTest {
  private static final String YAML =
      """
      name: credit
      input:
        table: s3a://bucket/credit
        version: 3
      label: label
      exclude: [id]
      folds:
        strategy: stratified
        numFolds: 5
      estimator:
        type: logistic-regression
        params: {regParam: 0.01, maxIter: 50}
      metric: areaUnderROC
      """;

  private static String error(String text, boolean json, String... overrides) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> SpecLoader.parse(text, json, List.of(overrides), "job.yaml"))
        .getMessage();
  }

  @Test
  void readsATypedSpec() {
    JobSpec s = SpecLoader.parse(YAML, false, List.of(), "job.yaml");
    assertEquals("credit", s.name());
    assertEquals(3L, s.input().version());
    assertEquals(5, s.folds().numFolds());
    assertEquals(0.01, s.estimator().params().get("regParam"));
    assertEquals(List.of("id"), s.exclude());
    assertEquals("classification", s.taskOrDefault());
  }

  @Test
  void jsonWorksToo() {
    JobSpec s =
        SpecLoader.parse(
            "{\"name\": \"a\", \"input\": {\"table\": \"/t\"}, \"label\": \"y\"}",
            true,
            List.of(),
            "job.json");
    assertEquals("/t", s.input().table());
  }

  @Test
  void overridesAreAppliedAndTyped() {
    JobSpec s =
        SpecLoader.parse(
            YAML,
            false,
            List.of(
                "folds.numFolds=10",
                "input.version=7",
                "estimator.params.regParam=0.5",
                "group=subject"),
            "job.yaml");
    assertEquals(10, s.folds().numFolds());
    assertEquals(7L, s.input().version());
    assertEquals(0.5, s.estimator().params().get("regParam"));
    assertEquals("subject", s.group());
  }

  @Test
  void unknownKeyIsRejectedWithItsPath() {
    String m = error(YAML.replace("numFolds: 5", "numFolds: 5\n  shuffle: true"), false);
    assertTrue(
        m.startsWith(
            "Unknown key 'folds.shuffle' in job spec job.yaml. Known keys there:"
                + " handleInvalid, numFolds, seed, strategy"),
        m);
    String set = error(YAML, false, "inptu.table=x");
    assertTrue(set.startsWith("--set inptu.table=x: Unknown key 'inptu'. Known keys there:"), set);
  }

  @Test
  void wrongTypeIsRejectedWithItsPath() {
    String m = error(YAML.replace("numFolds: 5", "numFolds: five"), false);
    assertEquals(
        "Key 'folds.numFolds' in job spec job.yaml has the wrong type: expected a whole"
            + " number but is \"five\"",
        m);
    assertEquals(
        "Key 'folds.numFolds' in job spec job.yaml has the wrong type: expected a whole"
            + " number but is 2.5",
        error(YAML.replace("numFolds: 5", "numFolds: 2.5"), false));
    assertEquals(
        "--set folds.numFolds=abc: Key 'folds.numFolds' has the wrong type: expected a"
            + " whole number but is \"abc\"",
        error(YAML, false, "folds.numFolds=abc"));
    assertTrue(
        error(YAML.replace("version: 3", "version: [3]"), false)
            .startsWith("Key 'input.version' in job spec job.yaml has the wrong type"));
  }

  @Test
  void missingRequiredKeyNamesItsPath() {
    JobSpec s = SpecLoader.parse("name: x\ninput: {}\n", false, List.of(), "job.yaml");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SpecLoader.requirePresent(s.input().table(), "input.table", "train"));
    assertEquals(
        "Missing required key 'input.table' in the job spec (the train job needs it)",
        e.getMessage());
  }

  @Test
  void malformedDocumentsAndOverrides() {
    assertTrue(error("name: [unclosed", false).startsWith("Job spec job.yaml is not valid YAML"));
    assertTrue(error("- a\n- b\n", false).contains("must be a mapping"));
    assertEquals(
        "--set folds: write it as key.path=value, e.g. --set folds.numFolds=10 or --set"
            + " tuning.space[0].min=0.01",
        error(YAML, false, "folds"));
    assertTrue(error(YAML, false, "label.x=1").contains("'label' is not a mapping"));
    String nan = error(YAML.replace("regParam: 0.01", "regParam: .nan"), false);
    assertEquals(
        "Job spec job.yaml, line 12 (params: {regParam: .nan, maxIter: 50}): .nan is not"
            + " a finite number; give a number such as 0.5",
        nan);
    assertEquals(
        "Job spec job.yaml, line 1 ({\"name\": \"x\", \"regParam\": NaN}): NaN is not a"
            + " finite number; give a number such as 0.5",
        error("{\"name\": \"x\", \"regParam\": NaN}", true));
    assertEquals(
        "Key 'seed' in job spec job.yaml is infinite, not a finite number; give a number"
            + " such as 0.5",
        error("name: x\nseed: 1e999\n", false));
  }

  @Test
  void listItemsCanBeSetByIndex() {
    String spec =
        YAML
            + "tuning:\n  space:\n    - {name: regParam, type: continuous, min: 0.001,"
            + " max: 1.0}\n";
    JobSpec s =
        SpecLoader.parse(
            spec,
            false,
            List.of(
                "tuning.space[0].min=0.01",
                "tuning.space[1]={name: maxIter, type: integer, min: 5, max: 50}"),
            "job.yaml");
    assertEquals(0.01, ((Number) s.tuning().space().get(0).get("min")).doubleValue());
    assertEquals("maxIter", s.tuning().space().get(1).get("name"));
    String past = error(spec, false, "tuning.space[3].min=1");
    assertEquals(
        "--set tuning.space[3].min=1: 'tuning.space' has 1 items (0..0); index 3 is past"
            + " its end",
        past);
  }
}
