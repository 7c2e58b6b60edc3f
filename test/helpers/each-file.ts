import { setPasswordCostForTests } from '../../src/core/auth/passwords.ts';

/**
 * Runs before every test file (vitest.config.ts `setupFiles`). Passwords are hashed at a low scrypt
 * cost: the suite creates and signs in users by the hundred, each ~100 ms of CPU at production's
 * cost. Production's cost keeps its own test (test/unit/crypto/secret-box.test.ts); snorqs the
 * tests start as separate processes (crash, lifecycle) hash at production's cost.
 */
setPasswordCostForTests('low');
