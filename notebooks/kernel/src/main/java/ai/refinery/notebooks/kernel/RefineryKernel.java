package ai.refinery.notebooks.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * A Jupyter kernel for Java: each cell is evaluated by JShell <em>in this JVM</em> (JShell's
 * "local" execution engine), so a notebook's SparkSession, Refinery stages and models live in the
 * kernel process and everything on the kernel's class path (Refinery's modules, Spark, Delta,
 * XChart) can be imported directly. The Jupyter protocol (ZeroMQ channels, messages, display data)
 * comes from {@code org.dflib.jjava:jjava-jupyter}.
 *
 * <p>A cell may hold several statements and declarations; the value of a final expression is shown
 * as text unless the expression ends with {@code ;}. Rich output (PNG charts, HTML tables, Markdown) goes through {@link Display}.
 * A compile error or an exception thrown by a cell is reported as a cell error (ename/evalue and
 * the stack trace), which is what {@code jupyter nbconvert --execute} fails on.
 *
 * <p>Usage (what kernel.json runs): {@code java [JVM options] -cp <kernel + Refinery class path>
 * ai.refinery.notebooks.kernel.RefineryKernel <connection file>}.
 */
public final class RefineryKernel extends BaseKernel {

    private static final java.io.PrintStream LOG = System.err;
    private static final boolean DEBUG = System.getenv("REFINERY_KERNEL_DEBUG") != null;

    private final JShell shell;
    private final TimedExecution timed = DEBUG ? new TimedExecution() : null;

    private RefineryKernel(String name, String version, HistoryManager history, JupyterIO io,
                           CommManager comms, Renderer renderer, MagicParser magicParser,
                           MagicsRegistry magics, StringStyler errorStyler) {
        super(name, version,
                new LanguageInfo("java", Runtime.version().toString(), "text/x-java-source", ".jshell",
                        "java", "java", "script"),
                List.of(new HelpLink("Refinery notebooks", "notebooks/README.md")),
                history, io, comms, renderer, magicParser, magics, false, errorStyler);
        JShell.Builder builder = JShell.builder();
        if (timed != null) {
            builder.executionEngine(timed, Map.of());
        } else {
            builder.executionEngine("local");
        }
        this.shell = builder
                .out(System.out)
                .err(System.err)
                .build();
        // the compiler sees the kernel's class path (Refinery, Spark, ...); the snippet class loader
        // delegates to the application class loader first, so classes are loaded once
        String cp = System.getProperty("java.class.path", "");
        if (!cp.isBlank()) {
            shell.addToClasspath(cp);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: RefineryKernel <jupyter connection file>");
            System.exit(2);
        }
        String json = Files.readString(Path.of(args[0]));
        KernelConnectionProperties props = KernelConnectionProperties.parse(json);
        JupyterConnection connection = new JupyterConnection(props);
        RefineryKernel kernel = new Builder().name("Refinery Java").version(version()).build();
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }

    private static String version() {
        String v = RefineryKernel.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    @Override
    public String getBanner() {
        return "Refinery Java kernel (JShell " + Runtime.version() + ", in-process)";
    }

    /**
     * Evaluates every complete statement of the cell in order; returns the last expression's
     * value as text, or {@code null} when the cell ends with a declaration or a void call.
     */
    @Override
    public Object evalRaw(String source) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        String last = null;
        String rest = source;
        SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(rest);
        while (info.completeness().isComplete()) {
            String typed = rest.substring(0, rest.length() - info.remaining().length());
            last = evalOne(info.source());
            // as in IPython, a trailing ';' hides the value (e.g. System.out.printf(...);)
            if (typed.strip().endsWith(";")) {
                last = null;
            }
            rest = info.remaining();
            info = sca.analyzeCompletion(rest);
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            throw new CellError("IncompleteInput", "the cell ends with an incomplete statement",
                    List.of("Incomplete input:", info.remaining().trim()));
        }
        return last;
    }

    private String evalOne(String snippetSource) {
        long t0 = System.nanoTime();
        long run0 = timed == null ? 0 : timed.runNanos();
        List<SnippetEvent> events = shell.eval(snippetSource);
        if (DEBUG) {
            double total = (System.nanoTime() - t0) / 1e9;
            double run = (timed.runNanos() - run0) / 1e9;
            String first = snippetSource.strip().lines().findFirst().orElse("");
            LOG.printf("[kernel] eval %.3f s = compile %.3f s + run %.3f s  %s%n", total,
                    total - run, run, first.length() > 60 ? first.substring(0, 60) : first);
        }
        String value = null;
        List<String> reset = new ArrayList<>();
        for (SnippetEvent ev : events) {
            if (DEBUG) {
                LOG.printf("[kernel] %s %s %s<-%s cause=%s value=%s%n", ev.snippet().kind(),
                        ev.snippet().subKind(), ev.status(), ev.previousStatus(),
                        ev.causeSnippet() != null, ev.value());
            }
            if (ev.causeSnippet() != null) {
                // a side effect on an older snippet: JShell recompiled it. The in-process engine
                // cannot redefine classes, so a recompiled variable starts over from its default.
                if (ev.snippet() instanceof jdk.jshell.VarSnippet vs && ev.status().isDefined()
                        && ev.previousStatus().isDefined()) {
                    reset.add(vs.name());
                }
                continue;
            }
            JShellException ex = ev.exception();
            if (ex != null) {
                throw toCellError(ex);
            }
            Snippet.Status st = ev.status();
            if (st == Snippet.Status.REJECTED
                    || (!st.isDefined() && st != Snippet.Status.RECOVERABLE_NOT_DEFINED)) {
                throw compileError(ev.snippet());
            }
            Snippet.SubKind kind = ev.snippet().subKind();
            if (kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                    || kind == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND
                    || kind == Snippet.SubKind.VAR_VALUE_SUBKIND) {
                value = ev.value() == null || ev.value().isEmpty() ? null : ev.value();
            } else {
                value = null;
            }
        }
        if (!reset.isEmpty()) {
            System.err.println("warning: JShell recompiled " + String.join(", ", reset)
                    + " after `" + snippetSource.trim() + "`; their values are reset to null/0."
                    + " Use single-type imports (import a.b.C;) or put on-demand imports (.*) in"
                    + " the first cell.");
        }
        return value;
    }

    private CellError compileError(Snippet snippet) {
        List<String> lines = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        shell.diagnostics(snippet).forEach((Diag d) -> {
            String msg = d.getMessage(null);
            messages.add(msg.lines().findFirst().orElse(msg));
            if (d.getStartPosition() >= 0 && d.getEndPosition() >= 0) {
                lines.addAll(errorStyler.highlightSubstringLines(snippet.source(),
                        (int) d.getStartPosition(), (int) d.getEndPosition()));
            } else {
                lines.addAll(errorStyler.primaryLines(snippet.source()));
            }
            msg.lines().filter(l -> !l.trim().startsWith("location:"))
                    .forEach(l -> lines.add(errorStyler.secondary(l)));
        });
        if (snippet instanceof DeclarationSnippet ds) {
            List<String> unresolved = shell.unresolvedDependencies(ds).collect(Collectors.toList());
            if (!unresolved.isEmpty()) {
                messages.add("unresolved: " + String.join(", ", unresolved));
                lines.add(errorStyler.secondary("Unresolved dependencies: " + String.join(", ", unresolved)));
            }
        }
        return new CellError("CompilationException",
                messages.isEmpty() ? "the cell does not compile" : String.join("; ", messages), lines);
    }

    private CellError toCellError(JShellException ex) {
        String name;
        if (ex instanceof EvalException ee) {
            name = ee.getExceptionClassName();
        } else if (ex instanceof UnresolvedReferenceException ure) {
            name = "UnresolvedReferenceException";
            return new CellError(name, "unresolved: "
                    + shell.unresolvedDependencies(ure.getSnippet()).collect(Collectors.joining(", ")),
                    errorStyler.primaryLines(ure.getSnippet().source()));
        } else {
            name = ex.getClass().getName();
        }
        List<String> trace = new ArrayList<>();
        trace.add(errorStyler.primary(name + ": " + ex.getMessage()));
        Throwable t = ex;
        boolean first = true;
        while (t != null) {
            if (!first) {
                String cn = t instanceof EvalException e2 ? e2.getExceptionClassName() : t.getClass().getName();
                trace.add(errorStyler.primary("Caused by: " + cn + ": " + t.getMessage()));
            }
            for (StackTraceElement el : t.getStackTrace()) {
                trace.add(errorStyler.secondary("    at " + el));
            }
            first = false;
            t = t.getCause();
        }
        // the evalue names the causes too: nbconvert's error message shows only ename/evalue
        StringBuilder evalue = new StringBuilder(String.valueOf(ex.getMessage()));
        int depth = 0;
        for (Throwable c = ex.getCause(); c != null && depth < 4; c = c.getCause(), depth++) {
            String cn = c instanceof EvalException e3 ? e3.getExceptionClassName() : c.getClass().getName();
            evalue.append(" | caused by ").append(cn).append(": ").append(c.getMessage());
        }
        return new CellError(name, evalue.toString(), trace);
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellError ce) {
            return ce.lines;
        }
        return super.formatError(e);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> docs =
                shell.sourceCodeAnalysis().documentation(code, Math.min(code.length(), at), true);
        if (docs == null || docs.isEmpty()) {
            return null;
        }
        return new DisplayData(docs.stream()
                .map(d -> d.signature() + (d.javadoc() == null ? "" : "\n" + d.javadoc()))
                .collect(Collectors.joining("\n\n")));
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> s = shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor);
        if (s == null || s.isEmpty()) {
            return null;
        }
        return new ReplacementOptions(s.stream().map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct().collect(Collectors.toList()), anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            info = sca.analyzeCompletion(info.remaining());
        }
        switch (info.completeness()) {
            case EMPTY:
            case COMPLETE:
            case COMPLETE_WITH_SEMI:
                return IS_COMPLETE_YES;
            case UNKNOWN:
                return IS_COMPLETE_BAD;
            default:
                return "    ";
        }
    }

    @Override
    public void interrupt() {
        shell.stop();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        shell.close();
    }

    /** A cell failure: Jupyter's ename/evalue come from name/message, the traceback from lines. */
    static final class CellError extends RuntimeException {
        final List<String> lines;

        CellError(String name, String message, List<String> lines) {
            super(name + ": " + message, null, false, false);
            this.lines = List.copyOf(lines);
        }
    }

    static final class Builder extends BaseKernelBuilder<Builder, RefineryKernel> {
        @Override
        public RefineryKernel build() {
            MagicParser parser = magicParser != null ? magicParser
                    : new MagicParser("^\\s*%", "%%", buildMagicTranspiler());
            return new RefineryKernel(buildName(), buildVersion(), buildHistoryManager(),
                    buildJupyterIO(buildJupyterIOEncoding()), buildCommManager(), buildRenderer(), parser,
                    buildMagicsRegistry(), buildErrorStyler());
        }
    }
}
