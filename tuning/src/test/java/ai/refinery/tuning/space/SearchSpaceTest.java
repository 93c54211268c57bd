package ai.refinery.tuning.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchSpaceTest {

  private static String err(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void issueExampleParsesFromJsonAndYaml() throws Exception {
    String json =
        "{\"direction\": \"minimize\", \"params\": ["
            + "{\"name\": \"x1\", \"type\": \"continuous\", \"min\": -5, \"max\": 10, \"scaling\": \"linear\"},"
            + "{\"name\": \"lr\", \"type\": \"continuous\", \"min\": 1e-4, \"max\": 1, \"scaling\": \"log\"},"
            + "{\"name\": \"depth\", \"type\": \"integer\", \"min\": 1, \"max\": 12},"
            + "{\"name\": \"booster\", \"type\": \"categorical\", \"values\": [\"a\", \"b\", \"c\"]}]}";
    SpaceSpec spec = SpaceSpec.fromJson(json);
    assertEquals(Direction.MINIMIZE, spec.direction());
    assertEquals(List.of("x1", "lr", "depth", "booster"), spec.space().names());
    assertEquals(new ContinuousRange("lr", 1e-4, 1, Scaling.LOG), spec.space().range("lr"));
    assertEquals(new IntegerRange("depth", 1, 12), spec.space().range("depth"));
    assertEquals(CategoricalRange.of("booster", "a", "b", "c"), spec.space().range("booster"));
    // round trip through our own JSON
    assertEquals(spec, SpaceSpec.fromJson(spec.toJson()));

    String yaml =
        "direction: maximize\nparams:\n"
            + "  - {name: momentum, type: continuous, min: 0.9, max: 0.9999, scaling: reverse_log}\n"
            + "  - name: depth\n    type: integer\n    min: 2\n    max: 8\n";
    SpaceSpec y = SpaceSpec.fromYaml(yaml);
    assertEquals(Direction.MAXIMIZE, y.direction());
    assertEquals(Scaling.REVERSE_LOG, ((ContinuousRange) y.space().range("momentum")).scaling());
    Path f = Files.writeString(tmp.resolve("s.yaml"), yaml);
    assertEquals(y, SpaceSpec.read(f));
  }

  @TempDir Path tmp;

  @Test
  void scalingsWarpTheUnitInterval() {
    ContinuousRange lin = new ContinuousRange("a", -5, 10);
    assertEquals(2.5, (Double) lin.fromUnit(0.5), 1e-12);
    ContinuousRange log = new ContinuousRange("lr", 1e-4, 1, Scaling.LOG);
    assertEquals(1e-2, (Double) log.fromUnit(0.5), 1e-12);
    assertEquals(0.25, log.toUnit(1e-3), 1e-12);
    ContinuousRange rev = new ContinuousRange("m", 0.9, 0.9999, Scaling.REVERSE_LOG);
    assertEquals(0.999, (Double) rev.fromUnit(2.0 / 3), 1e-9);
    assertEquals(2.0 / 3, rev.toUnit(0.999), 1e-9);
    // AUTO resolves from the bounds
    assertEquals(
        Scaling.LOG, new ContinuousRange("x", 1e-5, 1e-1, Scaling.AUTO).effectiveScaling());
    assertEquals(
        Scaling.REVERSE_LOG,
        new ContinuousRange("x", 0.9, 0.9999, Scaling.AUTO).effectiveScaling());
    assertEquals(Scaling.LINEAR, new ContinuousRange("x", -1, 1, Scaling.AUTO).effectiveScaling());
    // integers: every value reachable, ends get a full step
    IntegerRange depth = new IntegerRange("d", 1, 4);
    assertEquals(1, depth.fromUnit(0.0));
    assertEquals(1, depth.fromUnit(0.24));
    assertEquals(2, depth.fromUnit(0.26));
    assertEquals(4, depth.fromUnit(1.0));
    IntegerRange logInt = new IntegerRange("n", 1, 1000, Scaling.LOG);
    assertEquals(1, logInt.fromUnit(0.0));
    assertEquals(1000, logInt.fromUnit(1.0));
    int mid = (Integer) logInt.fromUnit(0.5);
    assertTrue(mid > 10 && mid < 100, "log-scaled integer midpoint " + mid);
  }

  @Test
  void encodingIsOneHotForCategories() {
    SearchSpace s =
        SearchSpace.of(new ContinuousRange("x", 0, 10), CategoricalRange.of("c", "a", "b", "c"));
    assertEquals(4, s.encodedWidth());
    double[] e = s.encode(Map.of("x", 5.0, "c", "b"));
    assertEquals(0.5, e[0], 1e-12);
    assertEquals(List.of(0.0, 1.0, 0.0), List.of(e[1], e[2], e[3]));
  }

  @Test
  void invalidRangesFailWithClearMessages() {
    assertEquals(
        "Range 'x': min (5) must be <= max (1); min == max fixes the value",
        err(() -> new ContinuousRange("x", 5, 1)));
    assertEquals(
        "Range 'lr': log scaling needs min > 0 but min is 0; use a positive min or "
            + "linear scaling",
        err(() -> new ContinuousRange("lr", 0, 1, Scaling.LOG)));
    assertEquals(
        "Range 'm': reverse_log scaling needs 0 < min <= max < 1 but the range is "
            + "[0.5, 1]; use log or linear scaling",
        err(() -> new ContinuousRange("m", 0.5, 1.0, Scaling.REVERSE_LOG)));
    assertEquals(
        "Range 'b': a categorical range needs at least one value but has none",
        err(() -> new CategoricalRange("b", List.of())));
    assertTrue(err(() -> CategoricalRange.of("b", "x", 1)).contains("mix types"));
    assertTrue(
        err(() -> SearchSpace.of(new IntegerRange("d", 1, 3), new IntegerRange("d", 1, 4)))
            .contains("'d' is defined twice"));
  }

  @Test
  void invalidFilesFailWithClearMessages() {
    assertEquals(
        "Range 'x': min (4) must be <= max (3); min == max fixes the value",
        err(
            () ->
                SpaceSpec.fromJson(
                    "{\"params\":[{\"name\":\"x\",\"type\":\"continuous\",\"min\":4,\"max\":3}]}")));
    assertEquals(
        "Range 'd': 'min' of an integer range must be an integer but is 1.5",
        err(
            () ->
                SpaceSpec.fromJson(
                    "{\"params\":[{\"name\":\"d\",\"type\":\"integer\",\"min\":1.5,\"max\":3}]}")));
    assertEquals(
        "Range 'x': 'max' must be a number but is \"ten\"",
        err(
            () ->
                SpaceSpec.fromJson(
                    "{\"params\":[{\"name\":\"x\",\"type\":\"continuous\",\"min\":1,\"max\":\"ten\"}]}")));
    assertEquals(
        "Range 'x': unknown type 'real'; expected continuous, integer or categorical (a range of"
            + " real numbers is 'continuous'; add scaling: log for a log scale)",
        err(
            () ->
                SpaceSpec.fromJson(
                    "{\"params\":[{\"name\":\"x\",\"type\":\"real\",\"min\":1,\"max\":2}]}")));
    assertEquals(
        "Range 'x' has an unknown key 'step'; allowed keys: [max, min, name, scaling, type]",
        err(
            () ->
                SpaceSpec.fromJson(
                    "{\"params\":[{\"name\":\"x\",\"min\":1,\"max\":2,\"step\":0.1}]}")));
    assertEquals(
        "Range 'x': unknown scaling 'log2'; expected one of linear, log, reverse_log, auto",
        err(
            () ->
                SpaceSpec.fromJson(
                    "{\"params\":[{\"name\":\"x\",\"min\":1,\"max\":2,\"scaling\":\"log2\"}]}")));
    assertEquals(
        "Unknown direction 'up'; expected minimize or maximize",
        err(
            () ->
                SpaceSpec.fromJson(
                    "{\"direction\":\"up\",\"params\":[{\"name\":\"x\",\"min\":1,\"max\":2}]}")));
    assertEquals(
        "Range 'b': a categorical range needs at least one value but has none",
        err(
            () ->
                SpaceSpec.fromJson(
                    "{\"params\":[{\"name\":\"b\",\"type\":\"categorical\",\"values\":[]}]}")));
    assertTrue(
        err(() -> SpaceSpec.fromJson("{\"params\": ["))
            .startsWith("Search space is not valid JSON"));
    assertEquals(
        "The search space needs 'params', an array of ranges; found null",
        err(() -> SpaceSpec.fromJson("{\"direction\":\"minimize\"}")));
  }

  @Test
  void pointsAreCheckedAgainstTheSpace() {
    SearchSpace s = SearchSpace.of(new IntegerRange("d", 1, 5), CategoricalRange.of("c", "a", "b"));
    assertEquals(Map.of("d", 3, "c", "a"), s.normalize(Map.of("d", 3L, "c", "a")));
    assertEquals(
        "Range 'd' is integer but got the non-integer value 2.5",
        err(() -> s.normalize(Map.of("d", 2.5, "c", "a"))));
    assertEquals(
        "Range 'c': value z is not one of the categories [a, b]",
        err(() -> s.normalize(Map.of("d", 2, "c", "z"))));
    assertTrue(err(() -> s.normalize(Map.of("d", 2, "c", "a", "e", 1))).contains("[e]"));
    assertTrue(s.contains(Map.of("d", 5, "c", "b")));
    assertTrue(!s.contains(Map.of("d", 6, "c", "b")));
  }
}
