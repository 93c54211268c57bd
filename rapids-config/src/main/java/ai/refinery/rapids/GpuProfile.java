package ai.refinery.rapids;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A named set of GPU settings that turns into a validated Spark conf map. Every key must be
 * registered in {@link GpuSettings}, every value must parse and pass its setting's check, and the
 * settings must agree with each other (task GPU amount within the executor's, memory fractions in
 * order, the shuffle manager of this Spark version, ...). A profile that exists is valid: the
 * checks run when it is built, so a bad profile fails before any Spark session starts.
 */
public final class GpuProfile {
  private static final String RAPIDS_SHUFFLE_SUFFIX = ".RapidsShuffleManager";

  private final String name;
  private final String description;
  private final Map<String, String> conf;

  private GpuProfile(String name, String description, Map<String, String> conf) {
    this.name = name;
    this.description = description;
    this.conf = Collections.unmodifiableMap(conf);
  }

  /**
   * Builds and validates a profile.
   *
   * @param values Spark conf keys (registered in {@link GpuSettings}) to their text values
   * @throws IllegalArgumentException on an unknown key, a value of the wrong type or out of range,
   *     or settings that contradict each other; the message names the keys and values
   */
  public static GpuProfile of(String name, String description, Map<String, String> values) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A GPU profile needs a non-empty name.");
    }
    Map<String, String> conf = new LinkedHashMap<>();
    // declaration order, so the conf map and the docs read the same way whatever the input order
    for (String key : values.keySet()) {
      GpuSettings.require(key);
    }
    for (GpuSetting<?> s : GpuSettings.all()) {
      if (values.containsKey(s.key())) {
        conf.put(s.key(), s.normalize(values.get(s.key())));
      }
    }
    GpuProfile p = new GpuProfile(name, description == null ? "" : description, conf);
    p.checkConsistency();
    return p;
  }

  /** The same profile with some settings changed (validated again, as a whole). */
  public GpuProfile with(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(conf);
    merged.putAll(overrides);
    return of(name, description, merged);
  }

  /** The same profile with one setting changed (validated again, as a whole). */
  public GpuProfile with(String key, String value) {
    Map<String, String> one = new LinkedHashMap<>();
    one.put(key, value);
    return with(one);
  }

  /** The profile's name, as {@link GpuProfiles#named} knows it. */
  public String name() {
    return name;
  }

  /** One line on when to use the profile. */
  public String description() {
    return description;
  }

  /** The validated Spark conf: key to value, in registry order. */
  public Map<String, String> sparkConf() {
    return conf;
  }

  /** The setting's value in this profile, or its default when the profile leaves it unset. */
  public <T> T get(GpuSetting<T> setting) {
    String text = conf.getOrDefault(setting.key(), setting.defaultText());
    return text == null ? null : setting.parse(text);
  }

  /** Whether the profile sets this key. */
  public boolean sets(GpuSetting<?> setting) {
    return conf.containsKey(setting.key());
  }

  /** Whether the RAPIDS SQL plugin is listed in {@code spark.plugins}. */
  public boolean pluginEnabled() {
    String plugins = conf.get(GpuSettings.PLUGINS.key());
    if (plugins == null) {
      return false;
    }
    for (String p : plugins.split(",")) {
      if (p.trim().equals(GpuSettings.SQL_PLUGIN)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the profile runs on GPUs: tasks request GPUs (and SQL runs there if the plugin is on).
   */
  public boolean usesGpu() {
    return sets(GpuSettings.TASK_GPU_AMOUNT)
        && sets(GpuSettings.EXECUTOR_GPU_AMOUNT)
        && !"explainOnly".equals(get(GpuSettings.SQL_MODE));
  }

  /** Whether the plugin runs in explainOnly mode (reports GPU placement, runs on the CPU). */
  public boolean explainOnly() {
    return pluginEnabled() && "explainOnly".equals(get(GpuSettings.SQL_MODE));
  }

  /** The XGBoost {@code device} param for jobs under this profile: "cuda" on GPUs, else "cpu". */
  public String xgboostDevice() {
    return usesGpu() ? "cuda" : "cpu";
  }

  /** Sets the profile's conf on a session builder. */
  public SparkSession.Builder applyTo(SparkSession.Builder builder) {
    conf.forEach(builder::config);
    return builder;
  }

  private void checkConsistency() {
    List<String> errors = new ArrayList<>();
    Integer execGpus = get(GpuSettings.EXECUTOR_GPU_AMOUNT);
    Double taskGpus = get(GpuSettings.TASK_GPU_AMOUNT);
    if (taskGpus != null && execGpus == null) {
      errors.add(
          String.format(
              "%s is %s but %s is not set: tasks would request GPUs that no"
                  + " executor has. Set %s (1 per executor for the RAPIDS Accelerator).",
              GpuSettings.TASK_GPU_AMOUNT,
              taskGpus,
              GpuSettings.EXECUTOR_GPU_AMOUNT,
              GpuSettings.EXECUTOR_GPU_AMOUNT));
    }
    if (taskGpus != null && execGpus != null && taskGpus > execGpus) {
      errors.add(
          String.format(
              "%s (%s) is larger than %s (%d): no task could ever be scheduled."
                  + " Use a share of one GPU, e.g. 1/%s.",
              GpuSettings.TASK_GPU_AMOUNT,
              taskGpus,
              GpuSettings.EXECUTOR_GPU_AMOUNT,
              execGpus,
              GpuSettings.EXECUTOR_CORES));
    }
    if (execGpus != null && execGpus > 1 && pluginEnabled()) {
      errors.add(
          String.format(
              "%s is %d but the RAPIDS Accelerator uses exactly one GPU per"
                  + " executor. Set it to 1 and run one executor per GPU.",
              GpuSettings.EXECUTOR_GPU_AMOUNT, execGpus));
    }
    Integer cores = get(GpuSettings.EXECUTOR_CORES);
    if (taskGpus != null
        && execGpus != null
        && cores != null
        && taskGpus <= execGpus
        && taskGpus * cores > execGpus + 1e-9) {
      errors.add(
          String.format(
              "%s (%s) x %s (%d) = %s GPUs, more than the executor's %d: only"
                  + " %d of the %d cores could run tasks. Use %s = 1/%d.",
              GpuSettings.TASK_GPU_AMOUNT,
              taskGpus,
              GpuSettings.EXECUTOR_CORES,
              cores,
              taskGpus * cores,
              execGpus,
              (int) Math.floor(execGpus / taskGpus),
              cores,
              GpuSettings.TASK_GPU_AMOUNT,
              cores));
    }
    double min = get(GpuSettings.MIN_ALLOC_FRACTION);
    double alloc = get(GpuSettings.ALLOC_FRACTION);
    double max = get(GpuSettings.MAX_ALLOC_FRACTION);
    if (!(min <= alloc && alloc <= max)) {
      errors.add(
          String.format(
              "GPU memory fractions must satisfy %s <= %s <= %s but are %s, %s," + " %s.",
              GpuSettings.MIN_ALLOC_FRACTION,
              GpuSettings.ALLOC_FRACTION,
              GpuSettings.MAX_ALLOC_FRACTION,
              min,
              alloc,
              max));
    }
    String shuffle = get(GpuSettings.SHUFFLE_MANAGER);
    if (shuffle != null
        && shuffle.endsWith(RAPIDS_SHUFFLE_SUFFIX)
        && !shuffle.equals(GpuSettings.SHUFFLE_MANAGER_CLASS)) {
      errors.add(
          String.format(
              "%s is %s, which is not the RAPIDS shuffle manager for Spark %s;" + " use %s.",
              GpuSettings.SHUFFLE_MANAGER,
              shuffle,
              GpuSettings.SPARK_VERSION,
              GpuSettings.SHUFFLE_MANAGER_CLASS));
    }
    if (shuffle != null && shuffle.endsWith(RAPIDS_SHUFFLE_SUFFIX) && !pluginEnabled()) {
      errors.add(
          String.format(
              "%s is the RAPIDS shuffle manager but %s does not list %s; the"
                  + " shuffle manager needs the plugin.",
              GpuSettings.SHUFFLE_MANAGER, GpuSettings.PLUGINS, GpuSettings.SQL_PLUGIN));
    }
    if (!pluginEnabled()) {
      List<String> rapidsKeys =
          conf.keySet().stream().filter(k -> k.startsWith("spark.rapids.")).toList();
      if (!rapidsKeys.isEmpty()) {
        errors.add(
            String.format(
                "%s have no effect because %s does not list %s. Add the plugin"
                    + " or remove them.",
                String.join(", ", rapidsKeys), GpuSettings.PLUGINS, GpuSettings.SQL_PLUGIN));
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "GPU profile '" + name + "' is inconsistent: " + String.join(" ", errors));
    }
  }

  @Override
  public String toString() {
    return "GpuProfile(" + name + ", " + conf + ")";
  }
}
