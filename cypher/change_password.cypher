// Change the signed-in user's password (run against the system database).
ALTER CURRENT USER SET PASSWORD FROM $old TO $new
