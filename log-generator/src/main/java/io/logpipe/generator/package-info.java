/**
 * A seeded, fast port of the fake Apache access-log generator kiritbasu/Fake-Apache-Log-Generator
 * (Apache License 2.0; see this module's {@code NOTICE}).
 *
 * <p>{@link io.logpipe.generator.LogGenerator} is the configuration (seed, start time, format, time
 * step, clock and zone): it hands out {@link io.logpipe.model.AccessLogRecord}s as a stream or
 * iterator, or a {@link io.logpipe.generator.LogLineWriter} that formats lines straight to bytes into
 * an {@code OutputStream}. Both draw the same sequence for the same configuration.
 * {@link io.logpipe.generator.GeneratorJob} runs a writer the way the original command did: a number
 * of lines or until stopped, paced by a sleep or a rate, into the console, a file or a gzip file, with
 * optional rotation by rename ({@link io.logpipe.generator.RotatingFileOutputStream}) and a clean stop
 * on SIGINT or SIGTERM. {@link io.logpipe.generator.LogFileNames} names the files like the original.
 */
@NullMarked
package io.logpipe.generator;

import org.jspecify.annotations.NullMarked;
