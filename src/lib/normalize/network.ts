import type { Normalizer } from './normalizer.ts';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;

export const ip: Normalizer = {
  name: 'ip',
  numbered: true,
  placeholder: '⟨ip⟩',
  description: '컨테이너·파드·서비스 IP는 네트워크가 그때그때 나눠 줍니다 (127.0.0.1과 0.0.0.0은 그대로 둡니다)',
  pattern: new RegExp(`(?<![\\d.])(?!127\\.0\\.0\\.1(?![\\d.]))(?!0\\.0\\.0\\.0(?![\\d.]))${IPV4}(?:/\\d{1,2})?(?![\\d.])`, 'g'),
};

export const ephemeralPort: Normalizer = {
  name: 'port',
  numbered: true,
  placeholder: '⟨port⟩',
  description: '임의로 배정된 포트(30000 이상: NodePort, kind API 서버 포트 등)는 매번 다릅니다',
  pattern: /(?<=:)(?:3\d{4}|[4-5]\d{4}|6[0-5]\d{3})\b/g,
};

export const publishedPort: Normalizer = {
  name: 'published-port',
  placeholder: '⟨host⟩',
  description: '게시한 포트의 호스트 주소(0.0.0.0, :: 또는 127.0.0.1)는 Docker 설정에 따라 다릅니다',
  // `docker ps` shows 0.0.0.0:8080->8080/tcp, :::8080->8080/tcp by default; 127.0.0.1:… where
  // the engine publishes on loopback only (as on our CI). Both mean the same for the note.
  pattern: /(?:0\.0\.0\.0|127\.0\.0\.1):(\d+)->(\d+)\/(tcp|udp)(?:, (?:\[::\]|:::?)\1->\2\/\3)?/g,
  replace: '⟨host⟩:$1->$2/$3',
};
