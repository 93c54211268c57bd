package ai.refinery.rapids;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One typed Spark/RAPIDS setting: its key, what it does, its default (the value Spark or the RAPIDS
 * Accelerator uses when the key is absent), how its text value is parsed and which values are
 * allowed. Entries are declared once, in {@link GpuSettings}, the way RapidsConf declares its
 * {@code ConfEntry}s.
 *
 * @param <T> the parsed value's type
 */
public final class GpuSetting<T> {
  /** The value types a setting can have, named as they appear in the generated docs. */
  public enum Type {
    BOOLEAN("boolean"),
    INT("integer"),
    DOUBLE("number"),
    BYTES("size in bytes, e.g. 512m, 2g"),
    STRING("string"),
    CLASS("class name(s), comma-separated"),
    CHOICE("one of");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    /** How the type reads in docs and error messages. */
    public String label() {
      return label;
    }
  }

  private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*([kmgt]?)b?");

  private final String key;
  private final String doc;
  private final Type type;
  private final String defaultText;
  private final Function<String, T> parser;
  private final Predicate<T> check;
  private final String checkDoc;
  private final List<String> choices;

  private GpuSetting(
      String key,
      String doc,
      Type type,
      String defaultText,
      Function<String, T> parser,
      Predicate<T> check,
      String checkDoc,
      List<String> choices) {
    this.key = key;
    this.doc = doc;
    this.type = type;
    this.defaultText = defaultText;
    this.parser = parser;
    this.check = check;
    this.checkDoc = checkDoc;
    this.choices = List.copyOf(choices);
  }

  /** The Spark conf key. */
  public String key() {
    return key;
  }

  /** What the setting does (one or two sentences). */
  public String doc() {
    return doc;
  }

  /** The value type. */
  public Type type() {
    return type;
  }

  /** The value Spark or the accelerator uses when the key is absent; null when it has none. */
  public String defaultText() {
    return defaultText;
  }

  /** The allowed values in words (empty when every value of the type is allowed). */
  public String checkDoc() {
    return type == Type.CHOICE ? String.join(", ", choices) : checkDoc;
  }

  /**
   * Parses and checks a text value.
   *
   * @throws IllegalArgumentException naming the key, the value and what was expected
   */
  public T parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          "GPU setting '" + key + "' has no value; expected " + describeExpected() + ".");
    }
    T value;
    try {
      value = parser.apply(text.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          String.format("GPU setting '%s' must be %s but is '%s'.", key, describeExpected(), text),
          e);
    }
    if (!check.test(value)) {
      throw new IllegalArgumentException(
          String.format(
              "GPU setting '%s' is '%s' but must be %s (%s).", key, text, checkDoc(), doc));
    }
    return value;
  }

  /** Parses, checks and returns the value in canonical text form (as it goes into the conf). */
  public String normalize(String text) {
    T v = parse(text);
    return type == Type.BYTES ? text.trim().toLowerCase(Locale.ROOT) : String.valueOf(v);
  }

  private String describeExpected() {
    return switch (type) {
      case BOOLEAN -> "true or false";
      case INT -> "an integer";
      case DOUBLE -> "a number";
      case BYTES -> "a size in bytes (e.g. 512m, 2g)";
      case CHOICE -> "one of " + String.join(", ", choices);
      case CLASS -> "a fully qualified class name";
      case STRING -> "a text value";
    };
  }

  @Override
  public String toString() {
    return key;
  }

  // --- factories used by GpuSettings -----------------------------------------------------------

  static GpuSetting<Boolean> bool(String key, String doc, boolean dflt) {
    return new GpuSetting<>(
        key,
        doc,
        Type.BOOLEAN,
        String.valueOf(dflt),
        GpuSetting::parseBool,
        b -> true,
        "",
        List.of());
  }

  static GpuSetting<Integer> integer(String key, String doc, Integer dflt, int min) {
    String dfltText = dflt == null ? null : String.valueOf(dflt);
    return new GpuSetting<>(
        key, doc, Type.INT, dfltText, Integer::valueOf, v -> v >= min, ">= " + min, List.of());
  }

  static GpuSetting<Double> number(
      String key, String doc, Double dflt, Predicate<Double> check, String checkDoc) {
    String dfltText = dflt == null ? null : String.valueOf(dflt);
    return new GpuSetting<>(
        key, doc, Type.DOUBLE, dfltText, GpuSetting::parseFinite, check, checkDoc, List.of());
  }

  static GpuSetting<Long> bytes(String key, String doc, String dflt) {
    return new GpuSetting<>(
        key, doc, Type.BYTES, dflt, GpuSetting::parseBytes, v -> v >= 0, ">= 0", List.of());
  }

  static GpuSetting<String> choice(String key, String doc, String dflt, String... choices) {
    List<String> allowed = List.of(choices);
    return new GpuSetting<>(
        key,
        doc,
        Type.CHOICE,
        dflt,
        s -> {
          for (String c : allowed) {
            if (c.equalsIgnoreCase(s)) {
              return c;
            }
          }
          throw new IllegalArgumentException("not one of " + allowed + ": " + s);
        },
        allowed::contains,
        "",
        allowed);
  }

  static GpuSetting<String> className(String key, String doc, String dflt) {
    return new GpuSetting<>(
        key, doc, Type.CLASS, dflt, GpuSetting::parseClassNames, s -> true, "", List.of());
  }

  static GpuSetting<String> text(String key, String doc, String dflt) {
    return new GpuSetting<>(
        key,
        doc,
        Type.STRING,
        dflt,
        Objects::requireNonNull,
        s -> !s.isBlank(),
        "not empty",
        List.of());
  }

  private static Boolean parseBool(String s) {
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException("not a boolean: " + s);
  }

  private static Double parseFinite(String s) {
    double d = Double.parseDouble(s);
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("not finite: " + s);
    }
    return d;
  }

  /** A class name, or a comma-separated list of them (spark.plugins); returned as given. */
  private static String parseClassNames(String s) {
    // spark.plugins takes a comma-separated list; a single class is a list of one
    for (String c : s.split(",")) {
      // Spark also takes short names for some class settings (spark.shuffle.manager=sort)
      if (!c.trim().matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+|[a-z][a-z-]*")) {
        throw new IllegalArgumentException("not a class name: " + c);
      }
    }
    return s;
  }

  /** Spark's size syntax: a whole number with an optional k, m, g or t suffix (binary units). */
  static long parseBytes(String s) {
    Matcher m = BYTES.matcher(s.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: " + s);
    }
    long n = Long.parseLong(m.group(1));
    int shift =
        switch (m.group(2)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("too large: " + s);
    }
    return n << shift;
  }
}
