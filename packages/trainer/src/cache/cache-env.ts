/** Environment variable that turns the result cache on for `blade train <alignment algorithm>`: its directory. */
export const CACHE_DIR_ENV = 'BLADE_CACHE_DIR';
