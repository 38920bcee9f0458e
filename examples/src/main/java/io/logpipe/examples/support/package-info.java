/**
 * What the {@code logpipe} commands share: option mixins, converters and small helpers. The leaf of the
 * app's packages: it depends on no other {@code io.logpipe.examples} package, while the commands (the
 * root package, {@code tutorial}, {@code aws}) and the services they run ({@code dashboard}) may use it.
 */
@NullMarked
package io.logpipe.examples.support;

import org.jspecify.annotations.NullMarked;
