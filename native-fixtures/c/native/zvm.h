/* zvm.h for native twins: the same declarations as the nacl-cc runtime's,
   with MANIFEST pointing at the model in zvm_model.c. */
#include "../../../src/toolchain/runtime/include/zvm.h"
#undef MANIFEST
extern const struct UserManifest *zvm_model_manifest;
#define MANIFEST zvm_model_manifest
