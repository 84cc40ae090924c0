package io.interstice.runtime.module.code;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;

/**
 * A module's code could not be loaded: the class is missing, is not a valid module, or describes
 * another schema than the one recorded in the log. The message says which module and why.
 */
public class ModuleLoadException extends IntersticeException {
  private static final long serialVersionUID = 1L;

  public ModuleLoadException(String message) {
    super(ErrorKind.BAD_MODULE, message);
  }

  public ModuleLoadException(String message, Throwable cause) {
    super(ErrorKind.BAD_MODULE, message, cause);
  }
}
