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

  private SpecLoader() {}

  private static ObjectMapper strict(ObjectMapper m) {
    return m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Reads a spec file ({@code .json}, else YAML) with overrides {@code key.path=value}. */
  public static JobSpec load(Path file, List<String> overrides) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Job spec file '" + file + "' does not exist");
    }
    try {
      return parse(Files.readString(file), file.toString().endsWith(".json"), overrides, file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read job spec '" + file + "': " + e.getMessage(), e);
    }
  }

  /** Parses spec text (JSON or YAML). */
  public static JobSpec parse(String text, boolean json, List<String> overrides, String source) {
    ObjectMapper m = json ? JSON : YAML;
    JsonNode tree;
    try {
      tree = m.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Job spec " + source + " is not valid "
          + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("Job spec " + source + " must be a mapping of keys to values");
    }
    for (String o : overrides) {
      applyOverride((ObjectNode) tree, o);
    }
    try {
      return m.treeToValue(tree, JobSpec.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(String.format("Unknown key '%s' in job spec %s. Known keys"
          + " there: %s", path(e), source, e.getKnownPropertyIds().stream().map(Object::toString)
          .sorted().collect(Collectors.joining(", "))), e);
    } catch (MismatchedInputException e) {
      throw new IllegalArgumentException(String.format("Key '%s' in job spec %s has the wrong type:"
          + " expected %s", path(e), source, e.getTargetType() == null ? "another type"
          : e.getTargetType().getSimpleName()), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Job spec " + source + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Fails naming {@code path} when a required key is absent. */
  public static <T> T requirePresent(T value, String path, String job) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw new IllegalArgumentException("Missing required key '" + path + "' in the job spec (the "
          + job + " job needs it)");
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

  private static void applyOverride(ObjectNode root, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("Override '" + override + "' must look like key.path=value");
    }
    String[] keys = override.substring(0, eq).split("\\.");
    String raw = override.substring(eq + 1);
    ObjectNode node = root;
    for (int i = 0; i < keys.length - 1; i++) {
      JsonNode child = node.get(keys[i]);
      if (child == null || child.isNull()) {
        child = node.putObject(keys[i]);
      } else if (!child.isObject()) {
        throw new IllegalArgumentException("Override '" + override + "': '" + keys[i]
            + "' is not a mapping in the spec");
      }
      node = (ObjectNode) child;
    }
    JsonNode value;
    try {
      value = YAML.readTree(raw); // 10 -> int, true -> boolean, [a, b] -> list, text -> string
    } catch (JsonProcessingException e) {
      value = null;
    }
    if (value == null || value.isMissingNode()) {
      node.put(keys[keys.length - 1], raw);
    } else {
      node.set(keys[keys.length - 1], value);
    }
  }
}
