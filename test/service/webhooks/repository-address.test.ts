import { describe, expect, it } from 'vitest';
import { repositoryKey } from '../../../service/webhooks/repository-address.js';

describe('repositoryKey', () => {
  it('gives one key for the https, ssh, scp-like and git forms of a repository, whatever the case of the host', () => {
    const forms = [
      'https://github.com/Team/Shop.git',
      'https://GitHub.com/team/shop',
      'http://user:token@github.com:443/team/shop/',
      'ssh://git@github.com:22/team/shop.git',
      'git@GITHUB.COM:team/shop.git',
      'github.com:team/shop',
      'git://github.com/team/shop.git',
    ];
    expect(new Set(forms.map(repositoryKey))).toEqual(new Set(['github.com/team/shop']));
  });

  it('keeps subgroups and tells different repositories apart', () => {
    expect(repositoryKey('https://gitlab.example/group/sub/app.git')).toBe('gitlab.example/group/sub/app');
    expect(repositoryKey('git@gitlab.example:group/sub/app.git')).toBe('gitlab.example/group/sub/app');
    expect(repositoryKey('https://github.com/team/shop-api')).not.toBe(
      repositoryKey('https://github.com/team/shop'),
    );
  });

  it('is null for what is not a repository address', () => {
    for (const text of [
      '',
      '/srv/git/shop.git',
      'file:///srv/git/shop.git',
      'https://github.com/',
      'not a url',
    ])
      expect(repositoryKey(text), text).toBeNull();
  });
});
