import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, createConfig } from '../common/index.js';

describe('createConfig', () => {
  it('applies the documented defaults, resolving folders against the working directory', () => {
    expect(createConfig({}, '/srv/app')).toEqual({
      dataDir: path.resolve('/srv/app/data'),
      corpusDir: path.resolve('/srv/app/knowledge/corpus'),
      embeddings: 'auto',
      timezone: 'Asia/Ho_Chi_Minh',
      logLevel: 'info',
    });
  });

  it('treats empty values as unset and reads the given ones', () => {
    const config = createConfig({ DATA_DIR: '', EMBEDDINGS: 'hashing', LOG_LEVEL: 'debug', CORPUS_DIR: '/docs' }, '/srv/app');
    expect(config).toMatchObject({ dataDir: path.resolve('/srv/app/data'), embeddings: 'hashing', logLevel: 'debug', corpusDir: '/docs' });
  });

  it('names the bad variable and the expected form', () => {
    expect(() => createConfig({ APP_TIMEZONE: 'Mars/Base' })).toThrow(ConfigError);
    expect(() => createConfig({ APP_TIMEZONE: 'Mars/Base' })).toThrow(
      'Invalid APP_TIMEZONE: expected an IANA time zone such as Asia/Ho_Chi_Minh, got "Mars/Base"',
    );
    expect(() => createConfig({ LOG_LEVEL: 'loud' })).toThrow(/Invalid LOG_LEVEL: expected fatal \| error/);
  });
});
