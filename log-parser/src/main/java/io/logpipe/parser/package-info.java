/**
 * A fast, forgiving and lossless parser for Apache access logs: the Common and Combined Log
 * Formats and any Apache {@code LogFormat} string.
 *
 * <p>{@link io.logpipe.parser.AccessLogParser} is the entry point: build one for a
 * {@link io.logpipe.model.LogFormat} and share it between threads. Each line becomes an
 * {@link io.logpipe.model.AccessLogRecord}, or a {@link io.logpipe.parser.ParseError} saying where
 * and why the line was rejected. Two paths lead there: {@code tryParse} returns a
 * {@link io.logpipe.parser.ParseResult} (malformed lines are expected data, not exceptional
 * flow), {@code parse} throws {@link io.logpipe.parser.LogParseException}. Whole streams and files
 * are read line by line with {@link io.logpipe.parser.AccessLogReader} (an iterator) or
 * {@code parseStream}/{@code parseFile} (a callback with a {@link io.logpipe.parser.BadLinePolicy}).
 *
 * <p>Limits live in {@link io.logpipe.parser.ParserConstraints}, options in
 * {@link io.logpipe.parser.ParserFeature}; counts go to a
 * {@link io.logpipe.parser.ParseStatsListener}, so this module needs no metrics library.
 */
@NullMarked
package io.logpipe.parser;

import org.jspecify.annotations.NullMarked;
