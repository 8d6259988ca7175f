/** Every layer's error reaches the API with the status the registry gives its code; nothing else leaks. */
import { describe, expect, it } from 'vitest';
import { BRIDGE_ERROR_CODES, BridgeError } from '../../firmware-bridge/errors.js';
import { AirspaceError } from '../../src/airspace/errors.js';
import { ConfigError } from '../../src/config/errors.js';
import { DeconflictError } from '../../src/deconflict/errors.js';
import { FleetError } from '../../src/fleet/errors.js';
import { MissionBuildError, MissionFileError } from '../../src/mission/errors.js';
import { ObstacleError } from '../../src/obstacles/errors.js';
import { PlanRefusedError } from '../../src/planner/refusals.js';
import { StoreError } from '../../src/store/errors.js';
import { ApiError, toErrorResponse } from '../../src/server/api-error.js';
import { ERROR_CODES, ERROR_STATUS } from '../../src/server/error-registry.js';

const INTERNAL = { code: 'INTERNAL', message: 'internal error; the server log has the details', details: {} };

describe('error registry → HTTP status', () => {
  it.each([
    [new ApiError('RATE_LIMITED', 'slow down'), 429],
    [new BridgeError('MISSION_UPLOAD_TIMEOUT', 'no answer'), 504],
    [new BridgeError('NO_ROUTE_TO_VEHICLE', 'not heard'), 502],
    [new BridgeError('MODE_UNKNOWN', 'no such mode'), 400],
    [new BridgeError('COMMAND_DENIED', 'refused'), 409],
    [new AirspaceError('PROFILE_INVALID', 'bad profile'), 400],
    [new AirspaceError('HEIGHT_REFERENCE_MISSING', 'no datum'), 422],
    [new FleetError('MISSION_UNSAFE', 'enters EDR1'), 422],
    [new DeconflictError('INTENT_UNKNOWN', 'no intent'), 404],
    [new StoreError('STORE_NOT_FOUND', 'gone'), 404],
    [new StoreError('DELIVERY_TRANSITION_INVALID', 'not now'), 409],
    [new MissionBuildError('FENCE_LIMIT_EXCEEDED', 'too many items'), 422],
    [new ObstacleError('OBSTACLE_FIELD_MISSING', 'no height'), 400],
    [new PlanRefusedError('ZONE_PROHIBITED', 'inside EDR1'), 422],
  ] as const)('%s → %i with its code, message and details', (e, status) => {
    expect(toErrorResponse(e)).toEqual({ status, body: { code: e.code, message: e.message, details: e.details } });
  });

  it('errors that list issues carry them as details', () => {
    const issues = [{ path: 'mission.items.3', message: 'not an object' }];
    expect(toErrorResponse(new MissionFileError('PLAN_INVALID', 'bad plan', issues))).toEqual({ status: 400, body: { code: 'PLAN_INVALID', message: 'bad plan', details: { issues } } });
  });

  it('a 500 code (the operator configuration) answers INTERNAL, never its message', () => {
    expect(toErrorResponse(new ConfigError('CONFIG_INVALID', 'secret path /etc/x'))).toEqual({ status: 500, body: INTERNAL });
  });

  it.each([[new Error('boom')], [Object.assign(new Error('no such file'), { code: 'ENOENT' })], [{ code: 'NOT_FOUND', message: 'not an Error' }], ['a string'], [undefined]])('%s → 500 INTERNAL', (e) => {
    expect(toErrorResponse(e)).toEqual({ status: 500, body: INTERNAL });
  });

  it('names every bridge code and gives every code a status from 400 to 599', () => {
    expect(BRIDGE_ERROR_CODES.filter((c) => !ERROR_CODES.includes(c))).toEqual([]);
    expect(Object.entries(ERROR_STATUS).filter(([, s]) => s < 400 || s > 599)).toEqual([]);
  });
});
