/**
 * Implementation details of the parser: timestamp parsing, Apache escapes, line splitting. Not an
 * API: these types may change in any release.
 */
@NullMarked
package io.logpipe.parser.internal;

import org.jspecify.annotations.NullMarked;
