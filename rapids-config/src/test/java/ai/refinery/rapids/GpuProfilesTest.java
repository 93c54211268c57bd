package ai.refinery.rapids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GpuProfilesTest {

  private static String error(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void everyBuiltInProfileIsValidAndUsesOnlyRegisteredKeys() {
    for (GpuProfile p : GpuProfiles.all()) {
      for (Map.Entry<String, String> e : p.sparkConf().entrySet()) {
        GpuSetting<?> s = GpuSettings.require(e.getKey());
        assertEquals(e.getValue(), s.normalize(e.getValue()), p.name() + " " + e.getKey());
      }
      // rebuilding from its own conf gives the same conf
      assertEquals(p.sparkConf(), GpuProfile.of(p.name(), "", p.sparkConf()).sparkConf());
    }
  }

  @Test
  void gpuProfilesRequestGpusAndUseThePluginAndTheSpark355ShuffleManager() {
    for (String name : new String[] {"workstation", "multi-gpu-node", "cloud-cluster"}) {
      GpuProfile p = GpuProfiles.named(name);
      Map<String, String> c = p.sparkConf();
      assertEquals("com.nvidia.spark.SQLPlugin", c.get("spark.plugins"), name);
      assertEquals(
          "com.nvidia.spark.rapids.spark355.RapidsShuffleManager",
          c.get("spark.shuffle.manager"),
          name);
      assertEquals("1", c.get("spark.executor.resource.gpu.amount"), name);
      double task = Double.parseDouble(c.get("spark.task.resource.gpu.amount"));
      int cores = Integer.parseInt(c.get("spark.executor.cores"));
      assertEquals(1.0, task * cores, 1e-12, name);
      assertTrue(p.get(GpuSettings.CONCURRENT_GPU_TASKS) >= 1);
      assertTrue(p.usesGpu());
      assertEquals("cuda", p.xgboostDevice(), name);
      assertEquals("cuda", GpuProfiles.xgboostDevice(name));
    }
    assertEquals(
        GpuProfiles.DISCOVERY_SCRIPT,
        GpuProfiles.named("workstation")
            .sparkConf()
            .get("spark.executor.resource.gpu.discoveryScript"));
    assertFalse(GpuProfiles.named("cloud-cluster").sets(GpuSettings.DISCOVERY_SCRIPT));
  }

  @Test
  void cpuAndExplainOnlyProfilesKeepXgboostOnTheCpu() {
    assertEquals("cpu", GpuProfiles.named("cpu").xgboostDevice());
    assertTrue(GpuProfiles.named("cpu").sparkConf().isEmpty());
    GpuProfile explain = GpuProfiles.named("explain-only");
    assertEquals("cpu", explain.xgboostDevice());
    assertTrue(explain.explainOnly());
    assertFalse(explain.usesGpu());
    assertEquals(
        Map.of(
            "spark.plugins",
            "com.nvidia.spark.SQLPlugin",
            "spark.rapids.sql.enabled",
            "true",
            "spark.rapids.sql.mode",
            "explainOnly",
            "spark.rapids.sql.explain",
            "NOT_ON_GPU",
            "spark.rapids.skipGpuArchitectureCheck",
            "true"),
        explain.sparkConf());
    assertEquals("cpu", GpuProfiles.xgboostDevice(null));
    // a GPU profile switched to explainOnly no longer runs XGBoost on CUDA
    assertEquals(
        "cpu",
        GpuProfiles.named("workstation")
            .with("spark.rapids.sql.mode", "explainOnly")
            .xgboostDevice());
  }

  @Test
  void unknownProfileNameListsTheKnownOnes() {
    String msg = error(() -> GpuProfiles.named("workstaton"));
    assertEquals(
        "Unknown GPU profile 'workstaton'. Known profiles: cpu, workstation,"
            + " multi-gpu-node, cloud-cluster, explain-only",
        msg);
  }

  @Test
  void defaultsComeFromTheRegistryWhenUnset() {
    GpuProfile explain = GpuProfiles.named("explain-only");
    assertEquals(2, explain.get(GpuSettings.CONCURRENT_GPU_TASKS));
    assertEquals(0L, explain.get(GpuSettings.PINNED_POOL_SIZE));
    assertEquals(640L << 20, explain.get(GpuSettings.RESERVE));
    assertNull(explain.get(GpuSettings.EXECUTOR_GPU_AMOUNT));
    assertEquals(2L << 30, GpuProfiles.named("workstation").get(GpuSettings.PINNED_POOL_SIZE));
  }

  @Test
  void taskGpuAmountLargerThanExecutorAmountIsAnError() {
    String msg =
        error(() -> GpuProfiles.named("workstation").with("spark.task.resource.gpu.amount", "2"));
    assertTrue(msg.startsWith("GPU profile 'workstation' is inconsistent:"), msg);
    assertTrue(
        msg.contains(
            "spark.task.resource.gpu.amount (2.0) is larger than"
                + " spark.executor.resource.gpu.amount (1): no task could ever be scheduled."),
        msg);
  }

  @Test
  void taskGpuAmountWithoutExecutorAmountIsAnError() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("spark.task.resource.gpu.amount", "0.25");
    String msg = error(() -> GpuProfile.of("mine", "", m));
    assertEquals(
        "GPU profile 'mine' is inconsistent: spark.task.resource.gpu.amount is 0.25 but"
            + " spark.executor.resource.gpu.amount is not set: tasks would request GPUs that no"
            + " executor has. Set spark.executor.resource.gpu.amount (1 per executor for the RAPIDS"
            + " Accelerator).",
        msg);
  }

  @Test
  void taskSharesThatLeaveCoresIdleAreAnError() {
    String msg =
        error(() -> GpuProfiles.named("workstation").with("spark.task.resource.gpu.amount", "0.5"));
    assertTrue(
        msg.contains(
            "spark.task.resource.gpu.amount (0.5) x spark.executor.cores (8) ="
                + " 4.0 GPUs, more than the executor's 1: only 2 of the 8 cores could run tasks. Use"
                + " spark.task.resource.gpu.amount = 1/8."),
        msg);
  }

  @Test
  void moreThanOneGpuPerExecutorIsAnErrorWithThePlugin() {
    String msg =
        error(
            () ->
                GpuProfiles.named("multi-gpu-node")
                    .with("spark.executor.resource.gpu.amount", "4"));
    assertTrue(
        msg.contains(
            "spark.executor.resource.gpu.amount is 4 but the RAPIDS Accelerator"
                + " uses exactly one GPU per executor."),
        msg);
  }

  @Test
  void concurrentGpuTasksBelowOneIsAnError() {
    String msg =
        error(
            () ->
                GpuProfiles.named("cloud-cluster")
                    .with("spark.rapids.sql.concurrentGpuTasks", "0"));
    assertTrue(
        msg.startsWith(
            "GPU setting 'spark.rapids.sql.concurrentGpuTasks' is '0' but must" + " be >= 1"),
        msg);
  }

  @Test
  void wrongTypesAreErrorsNamingKeyValueAndExpectedType() {
    assertEquals(
        "GPU setting 'spark.rapids.sql.concurrentGpuTasks' must be an integer but is" + " 'two'.",
        error(
            () ->
                GpuProfiles.named("workstation")
                    .with("spark.rapids.sql.concurrentGpuTasks", "two")));
    assertEquals(
        "GPU setting 'spark.rapids.sql.enabled' must be true or false but is 'yes'.",
        error(() -> GpuProfiles.named("workstation").with("spark.rapids.sql.enabled", "yes")));
    assertEquals(
        "GPU setting 'spark.rapids.memory.pinnedPool.size' must be a size in bytes"
            + " (e.g. 512m, 2g) but is 'lots'.",
        error(
            () ->
                GpuProfiles.named("workstation")
                    .with("spark.rapids.memory.pinnedPool.size", "lots")));
    assertEquals(
        "GPU setting 'spark.rapids.sql.mode' must be one of executeOnGPU, explainOnly"
            + " but is 'fast'.",
        error(() -> GpuProfiles.named("workstation").with("spark.rapids.sql.mode", "fast")));
    assertEquals(
        "GPU setting 'spark.task.resource.gpu.amount' must be a number but is 'NaN'.",
        error(
            () -> GpuProfiles.named("workstation").with("spark.task.resource.gpu.amount", "NaN")));
    String frac =
        error(
            () ->
                GpuProfiles.named("workstation")
                    .with("spark.rapids.memory.gpu.allocFraction", "1.5"));
    assertTrue(
        frac.startsWith(
            "GPU setting 'spark.rapids.memory.gpu.allocFraction' is '1.5' but"
                + " must be in (0, 1]"),
        frac);
  }

  @Test
  void choicesAreCaseInsensitiveAndCanonicalised() {
    GpuProfile p = GpuProfiles.named("workstation").with("spark.rapids.sql.explain", "all");
    assertEquals("ALL", p.sparkConf().get("spark.rapids.sql.explain"));
  }

  @Test
  void unknownKeyIsAnErrorWithASuggestion() {
    String msg =
        error(
            () -> GpuProfiles.named("workstation").with("spark.rapids.sql.concurentGpuTasks", "2"));
    assertTrue(
        msg.startsWith(
            "Unknown GPU setting 'spark.rapids.sql.concurentGpuTasks'. Did you"
                + " mean 'spark.rapids.sql.concurrentGpuTasks'? Known settings: spark.plugins,"),
        msg);
    String far = error(() -> GpuProfile.of("x", "", Map.of("spark.foo", "1")));
    assertTrue(far.startsWith("Unknown GPU setting 'spark.foo'. Known settings: "), far);
  }

  @Test
  void memoryFractionsOutOfOrderAreAnError() {
    String msg =
        error(
            () ->
                GpuProfiles.named("workstation")
                    .with("spark.rapids.memory.gpu.minAllocFraction", "0.85"));
    assertTrue(
        msg.contains(
            "GPU memory fractions must satisfy"
                + " spark.rapids.memory.gpu.minAllocFraction <= spark.rapids.memory.gpu.allocFraction <="
                + " spark.rapids.memory.gpu.maxAllocFraction but are 0.85, 0.8, 0.9."),
        msg);
  }

  @Test
  void shuffleManagerOfAnotherSparkVersionIsAnError() {
    String msg =
        error(
            () ->
                GpuProfiles.named("cloud-cluster")
                    .with(
                        "spark.shuffle.manager",
                        "com.nvidia.spark.rapids.spark341.RapidsShuffleManager"));
    assertTrue(
        msg.contains(
            "spark.shuffle.manager is"
                + " com.nvidia.spark.rapids.spark341.RapidsShuffleManager, which is not the RAPIDS shuffle"
                + " manager for Spark 3.5.5; use com.nvidia.spark.rapids.spark355.RapidsShuffleManager."),
        msg);
  }

  @Test
  void rapidsSettingsWithoutThePluginAreAnError() {
    String msg =
        error(() -> GpuProfile.of("half", "", Map.of("spark.rapids.sql.concurrentGpuTasks", "2")));
    assertEquals(
        "GPU profile 'half' is inconsistent: spark.rapids.sql.concurrentGpuTasks have no"
            + " effect because spark.plugins does not list com.nvidia.spark.SQLPlugin. Add the plugin"
            + " or remove them.",
        msg);
  }

  @Test
  void sizesParseWithSparkUnits() {
    assertEquals(512L << 20, GpuSetting.parseBytes("512m"));
    assertEquals(2L << 30, GpuSetting.parseBytes("2G"));
    assertEquals(100L, GpuSetting.parseBytes("100"));
    assertEquals(1L << 40, GpuSetting.parseBytes("1tb"));
    assertThrows(IllegalArgumentException.class, () -> GpuSetting.parseBytes("-1g"));
  }

  @Test
  void registryKeysAreUniqueAndDocumented() {
    Set<String> seen = new HashSet<>();
    for (GpuSetting<?> s : GpuSettings.all()) {
      assertTrue(seen.add(s.key()), "duplicate " + s.key());
      assertTrue(s.doc().length() > 20, s.key());
      if (s.defaultText() != null) {
        s.parse(s.defaultText()); // a default passes its own check
      }
    }
    assertTrue(
        seen.containsAll(
            java.util.List.of(
                "spark.plugins",
                "spark.rapids.sql.enabled",
                "spark.rapids.sql.concurrentGpuTasks",
                "spark.rapids.memory.pinnedPool.size",
                "spark.executor.resource.gpu.amount",
                "spark.task.resource.gpu.amount",
                "spark.executor.resource.gpu.discoveryScript",
                "spark.rapids.memory.gpu.allocFraction",
                "spark.shuffle.manager",
                "spark.rapids.sql.explain",
                "spark.rapids.sql.mode")));
  }
}
