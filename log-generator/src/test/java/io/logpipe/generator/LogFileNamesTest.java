package io.logpipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

final class LogFileNamesTest {

    private static final LocalDateTime T = LocalDateTime.of(2017, 2, 23, 18, 7, 51);

    @Test
    void fileName_noPrefix_isAccessLogWithTheStartTime() {
        assertThat(LogFileNames.fileName(null, T, false)).isEqualTo("access_log_20170223-180751.log");
        assertThat(LogFileNames.fileName("", T, true)).isEqualTo("access_log_20170223-180751.log.gz");
    }

    @Test
    void fileName_prefix_joinsWithAnUnderscore() {
        assertThat(LogFileNames.fileName("WEB1", T, false)).isEqualTo("WEB1_access_log_20170223-180751.log");
    }

    @Test
    void path_prefixWithDirectories_resolvesAgainstTheDirectory() {
        assertThat(LogFileNames.path(Path.of("out"), "logs/tutorial", T, true))
                .isEqualTo(Path.of("out", "logs", "tutorial_access_log_20170223-180751.log.gz"));
        assertThat(LogFileNames.path(Path.of("out"), "/home/ec2-user/logs/tutorial", T, false))
                .isEqualTo(Path.of("/home/ec2-user/logs/tutorial_access_log_20170223-180751.log"));
    }

    @Test
    void rotatedPath_plainAndGzip_numberBeforeGz() {
        Path plain = Path.of("d", "access_log_20170223-180751.log");
        assertThat(RotatingFileOutputStream.rotatedPath(plain, 2)).isEqualTo(Path.of("d", "access_log_20170223-180751.log.2"));
        Path gz = Path.of("d", "access_log_20170223-180751.log.gz");
        assertThat(RotatingFileOutputStream.rotatedPath(gz, 1)).isEqualTo(Path.of("d", "access_log_20170223-180751.log.1.gz"));
    }
}
