/**
 * A Kinesis-Agent-compatible log tailer: reads the agent's {@code agent.json}, follows the files of
 * each flow across rotation, turns lines into records and ships them to Firehose, committing a
 * durable checkpoint only for what the sink acknowledged.
 *
 * <p>{@link io.logpipe.agent.AgentConfig} parses and validates {@code agent.json} (warning by name
 * about unknown and misplaced keys); {@link io.logpipe.agent.LogAgent} runs its flows;
 * {@link io.logpipe.agent.RecordSender} is the small sending interface a flow writes to, with a
 * Firehose implementation by default; {@link io.logpipe.agent.RejectedLineSink} receives the lines
 * a processing option rejected, with their file and line number.
 */
@NullMarked
package io.logpipe.agent;

import org.jspecify.annotations.NullMarked;
