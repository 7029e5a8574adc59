/**
 * The XMTP protobuf codecs, taken from @xmtp/proto's generated ts-proto code.
 *
 * The package's ESM build is unusable from Node (extensionless relative imports) and its
 * `exports` map hides every module except the index, which lacks the identity API. So the
 * CommonJS modules are loaded by absolute path, next to the resolved package entry point; types
 * come from the matching declaration files through the `@xmtp-proto-types/*` tsconfig path.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const generatedRoot = dirname(require.resolve('@xmtp/proto'));

function loadGenerated<T>(modulePath: string): T {
  return require(join(generatedRoot, `${modulePath}.js`)) as T;
}

export const mlsApi = loadGenerated<typeof import('@xmtp-proto-types/mls/api/v1/mls.pb')>('mls/api/v1/mls.pb');
export const identityApi = loadGenerated<typeof import('@xmtp-proto-types/identity/api/v1/identity.pb')>('identity/api/v1/identity.pb');
export const associations = loadGenerated<typeof import('@xmtp-proto-types/identity/associations/association.pb')>(
  'identity/associations/association.pb',
);
export const signatures = loadGenerated<typeof import('@xmtp-proto-types/identity/associations/signature.pb')>(
  'identity/associations/signature.pb',
);
export const commitLog = loadGenerated<typeof import('@xmtp-proto-types/mls/message_contents/commit_log.pb')>(
  'mls/message_contents/commit_log.pb',
);
export const credentials = loadGenerated<typeof import('@xmtp-proto-types/identity/credential.pb')>('identity/credential.pb');

export type * as MlsApi from '@xmtp-proto-types/mls/api/v1/mls.pb';
export type * as IdentityApi from '@xmtp-proto-types/identity/api/v1/identity.pb';
export type * as Associations from '@xmtp-proto-types/identity/associations/association.pb';
