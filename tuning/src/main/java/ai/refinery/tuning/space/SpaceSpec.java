package ai.refinery.tuning.space;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A search space file: the objective's direction and the ranges, in JSON or YAML. Format ({@code
 * refinery suggest --space}):
 *
 * <pre>{"direction": "minimize", "params": [
 *   {"name": "x1", "type": "continuous", "min": -5, "max": 10, "scaling": "linear"},
 *   {"name": "depth", "type": "integer", "min": 1, "max": 12},
 *   {"name": "booster", "type": "categorical", "values": ["a", "b", "c"]}]}</pre>
 *
 * Unknown keys are errors, not ignored. Direction defaults to minimize, scaling to linear.
 *
 * @param direction objective direction
 * @param space the ranges
 */
public record SpaceSpec(Direction direction, SearchSpace space) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP_KEYS = Set.of("direction", "params");
  private static final Set<String> NUMERIC_KEYS = Set.of("name", "type", "min", "max", "scaling");
  private static final Set<String> CATEGORICAL_KEYS = Set.of("name", "type", "values");

  public static SpaceSpec fromJson(String text) {
    return fromTree(readTree(JSON, text, "JSON"));
  }

  public static SpaceSpec fromYaml(String text) {
    return fromTree(readTree(YAML, text, "YAML"));
  }

  /** Reads a .json, .yaml or .yml file. */
  public static SpaceSpec read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read search space file " + file + ": " + e, e);
    }
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    try {
      return name.endsWith(".yaml") || name.endsWith(".yml") ? fromYaml(text) : fromJson(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Search space file " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode readTree(ObjectMapper m, String text, String format) {
    try {
      JsonNode n = m.readTree(text);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException(
            "A search space must be a " + format + " object with 'params' but is: " + text);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Search space is not valid " + format + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The direction a space JSON declares with its {@code direction} key, or empty when it has none
   * (the space alone, e.g. from {@link #json(SearchSpace)}).
   */
  public static java.util.Optional<Direction> declaredDirection(String json) {
    JsonNode root = readTree(JSON, json, "JSON");
    return root.has("direction")
        ? java.util.Optional.of(Direction.parse(text(root, "direction", "the search space")))
        : java.util.Optional.empty();
  }

  /** The space as JSON without a direction (the direction is decided elsewhere). */
  public static String json(SearchSpace space) {
    return toJson(space, null);
  }

  /** Parses a JSON/YAML tree already read. */
  public static SpaceSpec fromTree(JsonNode root) {
    checkKeys(root, TOP_KEYS, "the search space");
    Direction dir = Direction.MINIMIZE;
    if (root.has("direction")) {
      dir = Direction.parse(text(root, "direction", "the search space"));
    }
    JsonNode params = root.get("params");
    if (params == null || !params.isArray()) {
      throw new IllegalArgumentException(
          "The search space needs 'params', an array of ranges; found " + params);
    }
    List<ParamRange> ranges = new ArrayList<>();
    int i = 0;
    for (JsonNode p : params) {
      ranges.add(range(p, i++));
    }
    return new SpaceSpec(dir, new SearchSpace(ranges));
  }

  private static ParamRange range(JsonNode p, int index) {
    String where = "params[" + index + "]";
    if (!p.isObject()) {
      throw new IllegalArgumentException(where + " must be an object but is " + p);
    }
    String name = text(p, "name", where);
    where = "Range '" + name + "'";
    String type = p.has("type") ? text(p, "type", where) : "continuous";
    switch (type) {
      case "continuous" -> {
        checkKeys(p, NUMERIC_KEYS, where);
        return new ContinuousRange(
            name, number(p, "min", where), number(p, "max", where), scaling(p, name));
      }
      case "integer" -> {
        checkKeys(p, NUMERIC_KEYS, where);
        return new IntegerRange(
            name, integer(p, "min", where), integer(p, "max", where), scaling(p, name));
      }
      case "categorical" -> {
        checkKeys(p, CATEGORICAL_KEYS, where);
        JsonNode vals = p.get("values");
        if (vals == null || !vals.isArray()) {
          throw new IllegalArgumentException(
              where
                  + ": a categorical range needs 'values', an array of strings, numbers or booleans");
        }
        List<Object> values = new ArrayList<>();
        for (JsonNode v : vals) {
          if (v.isTextual()) {
            values.add(v.asText());
          } else if (v.isIntegralNumber() && v.canConvertToInt()) {
            values.add(v.intValue());
          } else if (v.isNumber()) {
            values.add(v.doubleValue());
          } else if (v.isBoolean()) {
            values.add(v.booleanValue());
          } else {
            throw new IllegalArgumentException(
                String.format(
                    "%s: categorical value %s is not a string, number or boolean", where, v));
          }
        }
        return new CategoricalRange(name, values);
      }
      default ->
          throw new IllegalArgumentException(
              String.format(
                  "%s: unknown type '%s'; expected continuous, integer or categorical%s",
                  where,
                  type,
                  switch (type) {
                    case "float", "double", "real", "uniform", "loguniform" ->
                        " (a range of real numbers is 'continuous'; add scaling: log for a log scale)";
                    case "int" -> " (a range of whole numbers is 'integer')";
                    case "choice", "categories", "category" ->
                        " (a list of values is 'categorical')";
                    default -> "";
                  }));
    }
  }

  private static Scaling scaling(JsonNode p, String name) {
    return p.has("scaling")
        ? Scaling.parse(text(p, "scaling", "Range '" + name + "'"), name)
        : Scaling.LINEAR;
  }

  private static void checkKeys(JsonNode n, Set<String> allowed, String where) {
    Iterator<String> it = n.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(
            String.format(
                "%s has an unknown key '%s'; allowed keys: %s",
                where, k, new java.util.TreeSet<>(allowed)));
      }
    }
  }

  private static String text(JsonNode n, String key, String where) {
    JsonNode v = n.get(key);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: '%s' must be a string but is %s", where, key, v == null ? "missing" : v));
    }
    return v.asText();
  }

  private static double number(JsonNode n, String key, String where) {
    JsonNode v = n.get(key);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: '%s' must be a number but is %s", where, key, v == null ? "missing" : v));
    }
    return v.doubleValue();
  }

  private static int integer(JsonNode n, String key, String where) {
    JsonNode v = n.get(key);
    if (v == null
        || !v.isNumber()
        || v.doubleValue() != Math.rint(v.doubleValue())
        || Math.abs(v.doubleValue()) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          String.format(
              "%s: '%s' of an integer range must be an integer but is %s",
              where, key, v == null ? "missing" : v));
    }
    return (int) v.doubleValue();
  }

  /** This spec as JSON (the format {@link #fromJson} reads). */
  public String toJson() {
    return toJson(space, direction);
  }

  static String toJson(SearchSpace space, Direction direction) {
    ObjectNode root = JSON.createObjectNode();
    if (direction != null) {
      root.put("direction", direction.spelling());
    }
    ArrayNode params = root.putArray("params");
    for (ParamRange r : space.ranges()) {
      ObjectNode o = params.addObject();
      o.put("name", r.name());
      o.put("type", SearchSpace.kind(r));
      if (r instanceof ContinuousRange c) {
        o.put("min", c.min());
        o.put("max", c.max());
        o.put("scaling", c.scaling().spelling());
      } else if (r instanceof IntegerRange ir) {
        o.put("min", ir.min());
        o.put("max", ir.max());
        o.put("scaling", ir.scaling().spelling());
      } else {
        ArrayNode vals = o.putArray("values");
        for (Object v : ((CategoricalRange) r).values()) {
          vals.add(JSON.valueToTree(v));
        }
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
