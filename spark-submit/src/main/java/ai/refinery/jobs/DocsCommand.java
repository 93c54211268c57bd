package ai.refinery.jobs;

import ai.refinery.jobs.docs.ParamDocs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code refinery docs}: regenerates the docs that are generated from code. */
@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    description = "Regenerate docs/params.md from the stages' params.")
final class DocsCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      defaultValue = "docs",
      description = "docs folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    Path f = out.resolve("params.md");
    Files.writeString(f, ParamDocs.markdown(), StandardCharsets.UTF_8);
    System.out.println("wrote " + f.toAbsolutePath());
    return 0;
  }
}
