package bindercheck.properties.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive a later kernel is fetched from is the machine's own: found in either format of apt's sources. */
class DebianArchiveTest {
    @Test
    void aDeb822SourceGivesItsArchiveAndKeyringAndSecuritySuitesAreSkipped(@TempDir Path etc) throws IOException {
        Files.createDirectories(etc.resolve("sources.list.d"));
        Files.writeString(etc.resolve("sources.list.d/debian.sources"), """
                Types: deb
                URIs: http://deb.debian.org/debian-security
                Suites: bookworm-security
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                # a comment
                Types: deb deb-src
                URIs: http://mirror.example/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """);
        DebianArchive.Source s = new DebianArchive(etc, etc).mainArchive();
        assertEquals("http://mirror.example/debian", s.uri());
        assertEquals(Optional.of("/usr/share/keyrings/debian-archive-keyring.gpg"), s.signedBy());
    }

    @Test
    void aOneLineSourceWithOptionsGivesItsArchive() {
        assertEquals(Optional.of(new DebianArchive.Source("http://ftp.example/debian",
                        Optional.of("/etc/apt/k.gpg"))),
                DebianArchive.fromOneLine(List.of("# deb http://old/ bookworm main",
                        "deb http://security.debian.org/debian-security bookworm-security main",
                        "deb [arch=amd64 signed-by=/etc/apt/k.gpg] http://ftp.example/debian bookworm main")));
        assertEquals(Optional.empty(), DebianArchive.fromOneLine(List.of("deb-src http://x/ bookworm main")));
    }

    @Test
    void noArchiveIsAnErrorThatSaysWhatToDo(@TempDir Path etc) {
        KernelException e = assertThrows(KernelException.class, () -> new DebianArchive(etc, etc).mainArchive());
        assertTrue(e.getMessage().contains("--deb"), e.getMessage());
    }

    @Test
    void aptRunsWithAPrivateConfigurationOnly(@TempDir Path home) {
        List<String> o = DebianArchive.options(home);
        assertTrue(o.contains("Dir::State::Lists=" + home.resolve("lists")), o.toString());
        assertTrue(o.contains("Dir::Etc::SourceList=" + home.resolve("sources.list")), o.toString());
        assertTrue(o.contains("Dir::Etc::SourceParts=" + home.resolve("parts")), o.toString());
    }
}
