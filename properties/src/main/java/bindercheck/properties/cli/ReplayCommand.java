package bindercheck.properties.cli;

import bindercheck.properties.replay.ScenarioRunner;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioParser;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bindercheck replay FILE.scn...}: run kernel-oracle scenarios on the Java reference driver and print the
 * harness's normalized output (what {@code run.sh} prints for the real kernel).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay kernel-oracle scenarios (.scn) on the Java reference driver and print the",
            "normalized output the harness prints for the real kernel."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every scenario ran", "2:a scenario error (FILE:LINE: cause), e.g. a construct not modelled yet"})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.scn", arity = "1..*", description = "Scenario files, run in order.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.ISO_8859_1);
        int rc = 0;
        for (Path f : files) {
            try {
                ScenarioRunner.run(ScenarioParser.parse(f), l -> out.print(l + "\n"));
            } catch (ScenarioException e) {
                out.flush();
                System.err.println("bindercheck: " + e.getMessage());
                rc = 2;
            }
        }
        out.flush();
        return rc;
    }
}
