package io.interstice.runtime.module.code;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;

/**
 * A reducer asked for something its module's limits or the runtime's rules forbid — a schedule too
 * far ahead, too frequent or one too many, a call to a name no module can have, too many or too
 * large calls. The reducer fails and its transaction is rolled back; the message names the setting
 * or the rule, and never carries more of the guest's text than {@link BoundedText} allows.
 */
public final class ModuleLimitException extends IntersticeException {
  private static final long serialVersionUID = 1L;

  public ModuleLimitException(String message) {
    super(ErrorKind.MODULE_FAILED, message);
  }
}
