import {
  mschapNtPasswordHash, mschapChallengeResponse, mschapV1NtResponse, mschapV2ChallengeHash, mschapV2NtResponse, mschapV2AuthenticatorResponse,
  mschapUserStart,
} from "../../../assembly/crypto/mschap";
import { asciiBytes, hexBytes, ptrOf, toHex } from "../support/bytes";

// RFC 2759 §9.2, "Sample MS-CHAPv2 Values".
const USER = "User";
const PASSWORD = "clientPass";
const AUTH_CHALLENGE = "5b5d7c7d7b3f2f3e3c2c602132262628";
const PEER_CHALLENGE = "21402324255e262a28295f2b3a337c7e";

const out = heap.alloc(32);

describe("mschap", () => {
  it("rfc2759_9_2_password_hash_challenge_and_nt_response", () => {
    const password = asciiBytes(PASSWORD);
    mschapNtPasswordHash(ptrOf(password), password.length, out);
    expect(toHex(out, 16)).toBe("44ebba8d5312b8d611474411f56989ae");
    const user = asciiBytes(USER);
    mschapV2ChallengeHash(ptrOf(hexBytes(PEER_CHALLENGE)), ptrOf(hexBytes(AUTH_CHALLENGE)), ptrOf(user), user.length, out);
    expect(toHex(out, 8)).toBe("d02e4386bce91226");
    mschapV2NtResponse(ptrOf(hexBytes(AUTH_CHALLENGE)), ptrOf(hexBytes(PEER_CHALLENGE)), ptrOf(user), user.length, ptrOf(password), password.length, out);
    expect(toHex(out, 24)).toBe("82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df");
  });

  it("rfc2759_9_2_authenticator_response_is_the_published_s_value", () => {
    const password = asciiBytes(PASSWORD);
    const user = asciiBytes(USER);
    const nt = hexBytes("82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df");
    mschapV2AuthenticatorResponse(ptrOf(password), password.length, ptrOf(nt), ptrOf(hexBytes(PEER_CHALLENGE)), ptrOf(hexBytes(AUTH_CHALLENGE)),
      ptrOf(user), user.length, out);
    // "S=407A5589115FD0D6209F510FE9C04566932CDA56"
    expect(toHex(out, 20)).toBe("407a5589115fd0d6209f510fe9c04566932cda56");
  });

  it("a_domain_before_a_backslash_is_not_hashed", () => {
    // RFC 2759 §4: the Name field may carry "DOMAIN\user"; the challenge hash uses the user alone.
    const withDomain = asciiBytes("CORP\\User");
    expect(mschapUserStart(ptrOf(withDomain), withDomain.length)).toBe(5);
    mschapV2ChallengeHash(ptrOf(hexBytes(PEER_CHALLENGE)), ptrOf(hexBytes(AUTH_CHALLENGE)), ptrOf(withDomain), withDomain.length, out);
    expect(toHex(out, 8)).toBe("d02e4386bce91226");
  });

  it("rfc2433_v1_nt_response_of_mypw", () => {
    // RFC 2433 Appendix B: password "MyPw", challenge 102DB5DF085D3041. The NT hash agrees
    // with FreeRADIUS's smbencrypt ("FC156AF7EDCD6C0EDDE3337D427F4EAC").
    const password = asciiBytes("MyPw");
    mschapNtPasswordHash(ptrOf(password), password.length, out);
    expect(toHex(out, 16)).toBe("fc156af7edcd6c0edde3337d427f4eac");
    mschapV1NtResponse(ptrOf(hexBytes("102db5df085d3041")), ptrOf(password), password.length, out);
    expect(toHex(out, 24)).toBe("4e9d3c8f9cfd385d5bf4d3246791956ca4c351ab409a3d61");
  });

  it("challenge_response_encrypts_under_each_third_of_the_hash", () => {
    mschapChallengeResponse(ptrOf(hexBytes("d02e4386bce91226")), ptrOf(hexBytes("44ebba8d5312b8d611474411f56989ae")), out);
    expect(toHex(out, 24)).toBe("82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df");
  });
});
