/**
 * The typed access-log record shared by every logpipe module, its log formats and its JSON shapes.
 *
 * <p>{@link io.logpipe.model.AccessLogRecord} is one line of the Common or Combined Log Format, kept
 * losslessly: formatting a parsed record with {@link io.logpipe.model.AccessLogFormatter} gives the
 * original bytes back (for lines in Apache's own escaping). {@link io.logpipe.model.LogFormat} names
 * the line layout; {@link io.logpipe.model.AgentJson} and {@link io.logpipe.model.TypedJson} are the
 * two JSON shapes records travel in: the Kinesis Agent's {@code LOGTOJSON} output, and a typed
 * document for OpenSearch and analytics. {@link io.logpipe.model.LogpipeException} is the root of
 * every exception logpipe throws.
 *
 * <p>This package depends on no other logpipe module.
 */
@NullMarked
package io.logpipe.model;

import org.jspecify.annotations.NullMarked;
