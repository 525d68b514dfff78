// Angular's own libraries ship partially compiled: outside the CLI's build they need the JIT compiler loaded first.
import '@angular/compiler';
