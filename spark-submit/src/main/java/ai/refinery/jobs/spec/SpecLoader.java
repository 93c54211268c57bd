package ai.refinery.jobs.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads a {@link JobSpec} from YAML or JSON strictly: unknown keys, wrong types and missing
 * required keys are errors that name the key's path ({@code folds.numFolds}). Command-line
 * overrides ({@code --set folds.numFolds=10}) are applied to the document before it is bound, so
 * they are checked the same way.
 */
public final class SpecLoader {
  private static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory()));
  private static final ObjectMapper JSON = strict(new ObjectMapper());

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SpecLoader.class);

  /** Renamed keys: old path -> new name in the same mapping (read with one WARN each). */
  private static final java.util.Map<String, String> RENAMED =
      java.util.Map.of("tuning.maxParallelTrials", "parallelism");

  private SpecLoader() {}

  /** Moves renamed keys to their new names, with one WARN naming the old and the new key each. */
  private static void renameDeprecated(ObjectNode root, String source) {
    for (java.util.Map.Entry<String, String> r : RENAMED.entrySet()) {
      String path = r.getKey();
      int dot = path.lastIndexOf('.');
      JsonNode parent = dot < 0 ? root : root.at("/" + path.substring(0, dot).replace('.', '/'));
      String old = path.substring(dot + 1);
      if (parent instanceof ObjectNode obj && obj.has(old)) {
        String now = (dot < 0 ? "" : path.substring(0, dot + 1)) + r.getValue();
        if (obj.has(r.getValue())) {
          throw new IllegalArgumentException(
              String.format(
                  "Job spec %s has both '%s' and '%s'; '%s' is the old name of '%s', keep only"
                      + " '%s'",
                  source, path, now, path, now, now));
        }
        LOG.warn(
            "Job spec {}: key '{}' is deprecated and was read as '{}'; use '{}'",
            source,
            path,
            now,
            now);
        obj.set(r.getValue(), obj.remove(old));
      }
    }
  }

  private static ObjectMapper strict(ObjectMapper m) {
    return m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Reads a spec file ({@code .json}, else YAML) with overrides {@code key.path=value}. */
  public static JobSpec load(Path file, List<String> overrides) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          "--spec "
              + file
              + " is a folder; give the job spec file"
              + " (YAML, or JSON ending in .json)");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Job spec file '" + file + "' does not exist");
    }
    try {
      return parse(
          Files.readString(file), file.toString().endsWith(".json"), overrides, file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read job spec '" + file + "': " + e.getMessage(), e);
    }
  }

  /** Parses spec text (JSON or YAML). */
  public static JobSpec parse(String text, boolean json, List<String> overrides, String source) {
    ObjectMapper m = json ? JSON : YAML;
    JsonNode tree;
    try {
      tree = m.readTree(text);
    } catch (JsonProcessingException e) {
      String why = String.valueOf(e.getOriginalMessage());
      if (why.startsWith("Malformed numeric value '") // YAML .nan, .inf
          || why.matches("(?s)Non-standard token '[-+]?(NaN|Infinity|INF)'.*")) { // JSON NaN
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        String[] lines = text.split("\n", -1);
        String at = line >= 1 && line <= lines.length ? lines[line - 1].trim() : "";
        int q = why.indexOf('\'');
        String value = why.substring(q + 1, why.indexOf('\'', q + 1));
        throw new IllegalArgumentException(
            "Job spec "
                + source
                + (line >= 1 ? ", line " + line + (at.isEmpty() ? "" : " (" + at + ")") : "")
                + ": "
                + value
                + " is not a finite"
                + " number; give a number such as 0.5",
            e);
      }
      throw new IllegalArgumentException(
          "Job spec " + source + " is not valid " + (json ? "JSON" : "YAML") + ": " + why, e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException(
          "Job spec " + source + " must be a mapping of keys to values");
    }
    java.util.Map<String, String> overridden = new java.util.LinkedHashMap<>();
    for (String o : overrides) {
      overridden.put(applyOverride((ObjectNode) tree, o), o);
    }
    renameDeprecated((ObjectNode) tree, source);
    checkFinite(tree, "", overridden, source);
    try {
      return m.treeToValue(tree, JobSpec.class);
    } catch (UnrecognizedPropertyException e) {
      throw badKey(
          e,
          overridden,
          source,
          String.format(
              "Unknown key '%s' in job spec %s. Known keys there: %s",
              path(e),
              source,
              e.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .sorted()
                  .collect(Collectors.joining(", "))));
    } catch (MismatchedInputException e) {
      String found =
          e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f
              ? " but is " + f.getValue()
              : "";
      if (found.isEmpty()) {
        JsonNode n = at(tree, e);
        found =
            n == null
                ? ""
                : " but is "
                    + (n.isContainerNode() ? (n.isArray() ? "a list" : "a mapping") : n.toString());
      }
      throw badKey(
          e,
          overridden,
          source,
          String.format(
              "Key '%s' in job spec %s has the wrong type: expected %s%s",
              path(e), source, expected(e.getTargetType()), found));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Job spec " + source + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The error for a key the spec's types refuse, blaming the --set that wrote it when one did. */
  private static IllegalArgumentException badKey(
      JsonMappingException e,
      java.util.Map<String, String> overridden,
      String source,
      String message) {
    return new IllegalArgumentException(where(path(e), overridden, source, message), e);
  }

  /** A message about key {@code path}, blaming the --set that wrote it when one did. */
  private static String where(
      String path, java.util.Map<String, String> overridden, String source, String message) {
    for (java.util.Map.Entry<String, String> o : overridden.entrySet()) {
      if (path.equals(o.getKey())
          || path.startsWith(o.getKey() + ".")
          || path.startsWith(o.getKey() + "[")
          || o.getKey().startsWith(path + ".")
          || o.getKey().startsWith(path + "[")) {
        return "--set " + o.getValue() + ": " + message.replace(" in job spec " + source, "");
      }
    }
    return message;
  }

  private static String expected(Class<?> t) {
    if (t == null) {
      return "another type";
    }
    if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
      return "a whole number";
    }
    if (t == Double.class || t == double.class || t == Float.class) {
      return "a number";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a string";
    }
    if (java.util.List.class.isAssignableFrom(t)) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) {
      return "a mapping of keys to values";
    }
    return t.getSimpleName();
  }

  private static JsonNode at(JsonNode root, JsonMappingException e) {
    JsonNode n = root;
    for (JsonMappingException.Reference r : e.getPath()) {
      if (n == null) {
        return null;
      }
      n = r.getFieldName() != null ? n.get(r.getFieldName()) : n.get(r.getIndex());
    }
    return n;
  }

  /** NaN and infinities (YAML .nan, .inf, 1e999) are refused, except XGBoost's missing value. */
  private static void checkFinite(
      JsonNode n, String path, java.util.Map<String, String> overridden, String source) {
    if (n.isObject()) {
      var it = n.fields();
      while (it.hasNext()) {
        var e = it.next();
        checkFinite(
            e.getValue(),
            path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
            overridden,
            source);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        checkFinite(n.get(i), path + "[" + i + "]", overridden, source);
      }
    } else if (n.isNumber() && !Double.isFinite(n.doubleValue()) && !path.endsWith(".missing")) {
      throw new IllegalArgumentException(
          where(
              path,
              overridden,
              source,
              String.format(
                  "Key '%s' in job spec %s is %s, not a finite number; give a number such as 0.5",
                  path, source, Double.isNaN(n.doubleValue()) ? "NaN (.nan)" : "infinite")));
    }
  }

  /** Fails naming {@code path} when a required key is absent. */
  public static <T> T requirePresent(T value, String path, String job) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw new IllegalArgumentException(
          "Missing required key '"
              + path
              + "' in the job spec ("
              + ("every".equals(job) ? "every job needs it" : "the " + job + " job needs it")
              + ")");
    }
    return value;
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static final java.util.regex.Pattern SEGMENT =
      java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[\\d+])*)");

  /**
   * Applies {@code key.path=value} ({@code tuning.space[0].min=0.01} for list items) and returns
   * the key path it set.
   */
  private static String applyOverride(ObjectNode root, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "--set "
              + override
              + ": write it as key.path=value,"
              + " e.g. --set folds.numFolds=10 or --set tuning.space[0].min=0.01");
    }
    String keyPath = override.substring(0, eq).trim();
    String raw = override.substring(eq + 1);
    List<Object> steps = new java.util.ArrayList<>(); // String field names, Integer list indices
    for (String seg : keyPath.split("\\.", -1)) {
      java.util.regex.Matcher mt = SEGMENT.matcher(seg);
      if (!mt.matches()) {
        throw new IllegalArgumentException(
            "--set "
                + override
                + ": '"
                + seg
                + "' is not a key;"
                + " write keys as name or name[index], e.g. tuning.space[0].min");
      }
      steps.add(mt.group(1));
      java.util.regex.Matcher idx =
          java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(mt.group(2));
      while (idx.find()) {
        steps.add(Integer.parseInt(idx.group(1)));
      }
    }
    JsonNode value;
    try {
      value = YAML.readTree(raw); // 10 -> int, true -> boolean, [a, b] -> list, text -> string
    } catch (JsonProcessingException e) {
      value = null;
    }
    if (value == null || value.isMissingNode()) {
      value = com.fasterxml.jackson.databind.node.TextNode.valueOf(raw);
    }
    JsonNode node = root;
    StringBuilder at = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      Object step = steps.get(i);
      boolean last = i == steps.size() - 1;
      Object next = last ? null : steps.get(i + 1);
      if (step instanceof String key) {
        at.append(at.length() == 0 ? "" : ".").append(key);
        if (!(node instanceof ObjectNode obj)) {
          throw new IllegalArgumentException(
              "--set "
                  + override
                  + ": '"
                  + at.substring(0, Math.max(0, at.length() - key.length() - 1))
                  + "' is not a mapping in the spec");
        }
        if (last) {
          obj.set(key, value);
        } else {
          JsonNode child = obj.get(key);
          if (child == null || child.isNull()) {
            child = next instanceof Integer ? obj.putArray(key) : obj.putObject(key);
          }
          node = child;
        }
      } else {
        int index = (Integer) step;
        String listPath = at.toString();
        at.append('[').append(index).append(']');
        if (!(node instanceof com.fasterxml.jackson.databind.node.ArrayNode arr)) {
          throw new IllegalArgumentException(
              "--set " + override + ": '" + listPath + "' is not a list in the spec");
        }
        if (index > arr.size() || (index == arr.size() && !last && !(next instanceof String))) {
          throw new IllegalArgumentException(
              "--set "
                  + override
                  + ": '"
                  + listPath
                  + "' has "
                  + arr.size()
                  + " items ("
                  + (arr.size() == 0 ? "none" : "0.." + (arr.size() - 1))
                  + "); index "
                  + index
                  + " is past its end");
        }
        if (last) {
          if (index == arr.size()) {
            arr.add(value);
          } else {
            arr.set(index, value);
          }
        } else {
          if (index == arr.size()) {
            arr.addObject();
          }
          node = arr.get(index);
        }
      }
    }
    return at.toString();
  }
}
